import CZlib
import Glibc

/// Reads a file or standard input through zlib, which decompresses gzip data and passes other
/// bytes through unchanged; the only file that calls zlib.
final class GzipReader {
    private let file: gzFile

    /// Opens `path`, or standard input when `path` is nil; nil when it cannot be opened.
    init?(path: String?) {
        let opened: gzFile? = if let path { gzopen(path, "rb") } else { gzdopen(dup(0), "rb") }
        guard let opened else { return nil }
        _ = gzbuffer(opened, 256 * 1024)
        file = opened
    }

    deinit { gzclose(file) }

    /// Up to `count` bytes, an empty array at the end; throws zlib's message on a damaged file.
    func read(upTo count: Int) throws(GzipReadError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(count)) }
        guard read >= 0 else {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
            throw GzipReadError(message: message)
        }
        bytes.removeLast(count - Int(read))
        return bytes
    }
}

/// Why reading a (compressed) input failed, in zlib's words.
struct GzipReadError: Error {
    let message: String
}
