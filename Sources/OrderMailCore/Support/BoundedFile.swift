import Foundation

/// Reading a whole input file whose size is bounded: measured on the opened file (a symbolic link
/// by what it names), and never read past the bound, should the file grow meanwhile.
package enum BoundedFile {
    /// Why a file was not read.
    package enum Failure: Error, Equatable {
        /// Missing or unreadable, with the system's reason.
        case unreadable(String)
        case notRegular
        /// Larger than the bound: its size in bytes.
        case tooLarge(Int)
    }

    /// The bytes of the regular file at `path`, when it holds at most `limit` bytes.
    package static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw .unreadable(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        guard Int(info.st_size) <= limit else { throw .tooLarge(Int(info.st_size)) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes[count...].withUnsafeMutableBytes {
                Foundation.read(descriptor, $0.baseAddress, $0.count)
            }
            if result < 0, errno == EINTR { continue }
            guard result >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
            if result == 0 { break }
            count += result
            if count == bytes.count, count <= limit {
                bytes += [UInt8](repeating: 0, count: min(limit + 1, count * 2) - count)
            }
        }
        guard count <= limit else { throw .tooLarge(count) }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
