import OrderMailCore

/// Reading one message file whole, after checking its size.
package enum MailFile {
    /// The file's bytes; an error when it is missing, unreadable, not a regular file or over the size
    /// limit, measured on the opened file (a symbolic link by what it names), never read past it.
    package static func bytes(at path: String) throws(OrderMailError) -> [UInt8] {
        do { return try BoundedFile.read(path, limit: MailLimits.maximumMessageBytes) } catch {
            switch error {
            case .unreadable(let reason):
                throw .missingInput(path: path, reason: reason == "no such file" ? reason : "cannot be read: \(reason)")
            case .notRegular: throw .missingInput(path: path, reason: "not a regular file")
            case .tooLarge(let size): throw MailFormatError.tooLarge(size).error(at: path)
            }
        }
    }
}
