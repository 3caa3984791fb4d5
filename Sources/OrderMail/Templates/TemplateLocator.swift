import Foundation
import OrderMailCore

/// Finds the folder of order templates.
///
/// Order: `--templates DIR`, then `ORDERMAIL_TEMPLATES`, then `../share/ordermail/Templates` beside
/// the running binary (an installed copy), then the source tree's `Templates/` (a development build).
public enum TemplateLocator {
    /// The environment variable that names a templates folder.
    public static let environmentVariable = "ORDERMAIL_TEMPLATES"

    /// The templates folder to use, or an error naming where it looked.
    public static func locate(
        explicit: String?, environment: [String: String], executablePath: String?
    ) throws(OrderMailError) -> String {
        if let explicit { return try existing(explicit, named: "--templates") }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try existing(fromEnvironment, named: environmentVariable)
        }
        var candidates: [String] = []
        if let executablePath {
            let resolved = realpath(executablePath, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            }
            // bin/ordermail -> share/ordermail/Templates
            candidates.append(parent(of: parent(of: resolved ?? executablePath)) + "/share/ordermail/Templates")
        }
        // Sources/OrderMail/Templates/TemplateLocator.swift -> Templates
        candidates.append(parent(of: parent(of: parent(of: parent(of: #filePath)))) + "/Templates")
        if let found = candidates.first(where: isDirectory) { return found }
        throw .template(
            "no templates folder found; looked in \(candidates.joined(separator: ", ")); pass --templates DIR or set \(environmentVariable)"
        )
    }

    /// The folder that holds `path` ("." for a bare name, "/" for a file at the root).
    private static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func existing(_ path: String, named source: String) throws(OrderMailError) -> String {
        guard isDirectory(path) else { throw .template("\(source): \(path) is not a folder of templates") }
        return path
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
