import Foundation

/// Reading one message file whole, after checking its size.
enum MailFile {
    /// The file's bytes; an error when it is missing, unreadable, not a regular file or over the size
    /// limit. The size is the opened file's (a symbolic link is measured by what it names), and no
    /// more than the limit and one byte is ever read, should the file grow meanwhile.
    static func bytes(at path: String) throws(OrderMailError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw .missingInput(path: path, reason: errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .missingInput(path: path, reason: "not a regular file")
        }
        let limit = MailLimits.maximumMessageBytes
        guard Int(info.st_size) <= limit else { throw MailFormatError.tooLarge(Int(info.st_size)).error(at: path) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes[count...].withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result >= 0 else { throw .missingInput(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))") }
            if result == 0 { break }
            count += result
            if count == bytes.count, count <= limit { bytes += [UInt8](repeating: 0, count: min(limit + 1, count * 2) - count) }
        }
        guard count <= limit else { throw MailFormatError.tooLarge(count).error(at: path) }
        return Array(bytes[..<count])
    }
}
