import CZlib
import Foundation
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

/// The entries of a zip archive, read through zlib's raw inflate: stored and deflated entries of
/// a classic (not Zip64, not encrypted) archive, found through its central directory.
final class ZipArchive {
    /// One file in the archive.
    struct Entry {
        var name: String
        var method: UInt16
        var compressedSize: Int
        var localHeaderOffset: Int
    }

    let entries: [Entry]
    private let handle: FileHandle

    /// Reads the central directory of the zip at `path`; throws a one-line reason when it cannot be read.
    init(path: String) throws(GzipReadError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw GzipReadError(message: "cannot open the archive") }
        self.handle = handle
        let size = Int((try? handle.seekToEnd()) ?? 0)
        let tailSize = min(size, 65_557)
        try? handle.seek(toOffset: UInt64(size - tailSize))
        let tail = Array((try? handle.read(upToCount: tailSize)) ?? Data())
        guard let end = (0...max(0, tail.count - 22)).reversed().first(where: { Self.uint32(tail, $0) == 0x0605_4B50 }) else {
            throw GzipReadError(message: "no zip central directory found")
        }
        let count = Int(Self.uint16(tail, end + 10))
        let directoryOffset = Int(Self.uint32(tail, end + 16))
        let directorySize = Int(Self.uint32(tail, end + 12))
        guard directoryOffset != 0xFFFF_FFFF, directoryOffset + directorySize <= size else {
            throw GzipReadError(message: "a Zip64 or damaged archive is not read")
        }
        try? handle.seek(toOffset: UInt64(directoryOffset))
        let directory = Array((try? handle.read(upToCount: directorySize)) ?? Data())
        var entries: [Entry] = []
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, Self.uint32(directory, position) == 0x0201_4B50 else {
                throw GzipReadError(message: "a damaged zip central directory")
            }
            let flags = Self.uint16(directory, position + 8)
            let method = Self.uint16(directory, position + 10)
            let compressed = Int(Self.uint32(directory, position + 20))
            let nameLength = Int(Self.uint16(directory, position + 28))
            let extraLength = Int(Self.uint16(directory, position + 30))
            let commentLength = Int(Self.uint16(directory, position + 32))
            let offset = Int(Self.uint32(directory, position + 42))
            guard position + 46 + nameLength <= directory.count else { throw GzipReadError(message: "a damaged zip central directory") }
            let name = String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            if flags & 1 != 0 { throw GzipReadError(message: "an encrypted zip entry is not read") }
            guard method == 0 || method == 8 else { throw GzipReadError(message: "zip compression method \(method) is not read") }
            if !name.hasSuffix("/") {
                entries.append(Entry(name: name, method: method, compressedSize: compressed, localHeaderOffset: offset))
            }
            position += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Hands `entry`'s content to `chunk` piece by piece, decompressed; throws on damaged data.
    func read(_ entry: Entry, chunk: ([UInt8]) -> Void) throws(GzipReadError) {
        try? handle.seek(toOffset: UInt64(entry.localHeaderOffset))
        let header = Array((try? handle.read(upToCount: 30)) ?? Data())
        guard header.count == 30, Self.uint32(header, 0) == 0x0403_4B50 else { throw GzipReadError(message: "a damaged zip entry header") }
        let skip = Int(Self.uint16(header, 26)) + Int(Self.uint16(header, 28))
        try? handle.seek(toOffset: UInt64(entry.localHeaderOffset + 30 + skip))
        var remaining = entry.compressedSize
        if entry.method == 0 {
            while remaining > 0 {
                let piece = Array((try? handle.read(upToCount: min(remaining, 1 << 20))) ?? Data())
                guard !piece.isEmpty else { throw GzipReadError(message: "the zip entry breaks off") }
                remaining -= piece.count
                chunk(piece)
            }
            return
        }
        var stream = z_stream()
        guard ordermail_inflate_init_raw(&stream) == Z_OK else { throw GzipReadError(message: "zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 20)
        var finished = false
        while !finished {
            var input = Array((try? handle.read(upToCount: min(max(remaining, 0), 1 << 20))) ?? Data())
            remaining -= input.count
            guard !input.isEmpty else { throw GzipReadError(message: "the zip entry breaks off") }
            let inputCount = input.count
            try input.withUnsafeMutableBufferPointer { (source) throws(GzipReadError) in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(inputCount)
                repeat {
                    let produced = output.withUnsafeMutableBufferPointer { target -> (Int32, Int) in
                        stream.next_out = target.baseAddress
                        stream.avail_out = UInt32(target.count)
                        let status = inflate(&stream, Z_NO_FLUSH)
                        return (status, target.count - Int(stream.avail_out))
                    }
                    if produced.1 > 0 { chunk(Array(output[..<produced.1])) }
                    if produced.0 == Z_STREAM_END { finished = true; return }
                    guard produced.0 == Z_OK || produced.0 == Z_BUF_ERROR else { throw GzipReadError(message: "damaged deflate data in the zip entry") }
                } while stream.avail_in > 0 || stream.avail_out == 0
            }
        }
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
