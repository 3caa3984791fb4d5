import Foundation

/// A file that nobody else can read (mode 0600), opened before anything is recorded so that a
/// path that cannot be written stops a command before it leaves a trace.
public final class OutputFile {
    /// Where it is.
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Creates the file; an existing one is an error unless `overwrite` is set.
    public static func create(at path: String, overwrite: Bool) throws(OrderMailError) -> OutputFile {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL)
        let descriptor = open(path, flags, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw .outputExists(path: path) }
            throw .cannotWrite(path: path, reason: String(cString: strerror(code)))
        }
        return OutputFile(path: path, descriptor: descriptor)
    }

    /// Writes all of `bytes` and closes the file.
    public func write(_ bytes: [UInt8]) throws(OrderMailError) {
        defer {
            close(descriptor)
            descriptor = -1
        }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
    }

    /// Closes and removes the file, for a command that failed after creating it.
    public func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path)
    }
}
