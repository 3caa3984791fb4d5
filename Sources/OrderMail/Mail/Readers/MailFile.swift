import Foundation

/// Reading one message file whole, after checking its size.
enum MailFile {
    /// The file's bytes; an error when it is missing, unreadable or over the size limit.
    static func bytes(at path: String) throws(OrderMailError) -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw .missingInput(path: path, reason: "no such file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= MailLimits.maximumMessageBytes else {
            throw MailFormatError.tooLarge(size).error(at: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingInput(path: path, reason: "cannot be read") }
        return Array(data)
    }
}
