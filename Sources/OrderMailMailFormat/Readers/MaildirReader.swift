import Foundation
import OrderMailCore

/// The messages of a Maildir folder, `new/` and `cur/`, read only: nothing is moved, renamed or
/// flagged. `tmp/` holds messages still being delivered and is left alone.
package enum MaildirReader {
    /// Whether `path` is a Maildir (it has `cur/` and `new/`).
    package static func isMaildir(_ path: String) -> Bool {
        ["cur", "new"].allSatisfy { isDirectory("\(path)/\($0)") }
    }

    /// The message files, `new/` first, each folder in name order (Maildir names start with the
    /// delivery time); dot files skipped.
    package static func messagePaths(in path: String) -> [String] {
        ["new", "cur"].flatMap { folder -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(path)/\(folder)")) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\(folder)/\($0)" }.filter {
                !isDirectory($0)
            }
        }
    }

    package static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
