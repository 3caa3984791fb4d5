import Foundation

/// Writes a file that nobody else can read (mode 0600) all at once: through a temporary file in
/// the same folder, renamed into place, so that a full disk leaves no half file and a symbolic
/// link, FIFO or device at the target is never followed or opened.
public enum OutputFile {
    /// Checks `path` before anything is recorded: an existing file is an error unless `overwrite`,
    /// and anything at the path that is not a regular file (a link, folder, FIFO, socket or device)
    /// is refused.
    public static func check(_ path: String, overwrite: Bool) throws(OrderMailError) {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw .cannotWrite(
                    path: path, reason: "it is not a regular file (a link, folder, FIFO or device); name another file")
            }
            guard overwrite else { throw .outputExists(path: path) }
        } else if errno != ENOENT {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        let folder = (path as NSString).deletingLastPathComponent
        guard access(folder.isEmpty ? "." : folder, W_OK) == 0 else {
            throw .cannotWrite(path: path, reason: "its folder cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `bytes` to `path` (mode 0600); an existing file is replaced only when `overwrite` is set.
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool) throws(OrderMailError) {
        try check(path, overwrite: overwrite)
        let folder = (path as NSString).deletingLastPathComponent
        let temporary =
            (folder.isEmpty ? "." : folder) + "/.ordermail-\(getpid())-\(UInt32.random(in: .min ... .max)).tmp"
        do throws(OrderMailError) { try writeNew(bytes, at: temporary, for: path) } catch {
            unlink(temporary)
            throw error
        }
        // Without overwrite, link() refuses an existing target, even one made meanwhile.
        let placed = overwrite ? rename(temporary, path) : link(temporary, path)
        let code = errno
        if !overwrite || placed != 0 { unlink(temporary) }
        guard placed == 0 else {
            if code == EEXIST { throw .outputExists(path: path) }
            throw .cannotWrite(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Creates `temporary` (mode 0600, never an existing file or link), writes `bytes` and syncs them.
    package static func writeNew(_ bytes: [UInt8], at temporary: String, for path: String) throws(OrderMailError) {
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Gives a file another program wrote at `temporary` (libxlsxwriter's workbook) mode 0600 and
    /// syncs it to disk, as ``writeNew(_:at:for:)`` does its own.
    package static func seal(_ temporary: String, for path: String) throws(OrderMailError) {
        let descriptor = open(temporary, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Renames each written temporary file to its path, all after all are written, then syncs
    /// their folder, so that the renames themselves survive a crash.
    package static func placeAll(_ files: [(temporary: String, path: String)], in folder: String) throws(OrderMailError)
    {
        for (temporary, path) in files where rename(temporary, path) != 0 {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(path: folder, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path: folder, reason: String(cString: strerror(errno))) }
    }
}
