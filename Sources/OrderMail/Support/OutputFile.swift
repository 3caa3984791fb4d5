import Foundation

/// Writes a file that nobody else can read, refusing to replace an existing one unless asked.
public enum OutputFile {
    /// Writes `bytes` to `path`, created with mode 0600. An existing file is an error unless `overwrite` is set.
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool) throws(OrderMailError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL)
        let descriptor = open(path, flags, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw .outputExists(path: path) }
            throw .cannotWrite(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
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
}
