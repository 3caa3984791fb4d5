import Foundation

/// The inputs of `check-updates`: files, folders (every regular file in them, recursively, in
/// path order) and `-` for standard input, each read through zlib (so `.gz` is decompressed, and a
/// zip archive's entries are read one by one) and
/// as UTF-8 or UTF-16 with a BOM, line by line.
enum CaptureInputs {
    /// The name that stands for standard input.
    static let standardInput = "-"

    /// Every file the arguments name; a missing path is an error (no input).
    static func expand(_ paths: [String]) throws(OrderMailError) -> [String] {
        var files: [String] = []
        for path in paths {
            if path == standardInput {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .missingInput(path: path, reason: "no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw .missingInput(path: path, reason: "cannot read the folder")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                let type = (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType
                if type == .typeRegular { found.append(full) }
            }
            files += found.sorted()
        }
        return files
    }

    /// The first timestamp in the first 256 KiB of a file, to read the files in the order of capture.
    static func firstTimestamp(of path: String) -> Date? {
        guard path != standardInput, let reader = GzipReader(path: path),
              let head = try? reader.read(upTo: 256 << 10) else { return nil }
        var transcoder = TextTranscoder()
        let text = transcoder.feed(head)
        let timestamps = CaptureTimestamps()
        let marker = Array("\"@timestamp\":\"".utf8)
        for line in text.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let date = timestamps.parseLogTimestamp(line) ?? timestamps.parseHTTPDate(line) { return date }
            if line.contains(UInt8(ascii: "@")), let end = CaptureScanner.find(marker, in: line, from: line.startIndex, caseInsensitive: false),
               let date = timestamps.parseLogTimestamp(line[end...]) {
                return date
            }
        }
        return nil
    }

    /// What reading one input gave besides its lines.
    struct ReadOutcome {
        /// SHA-256 over the SHA-256 digests (hex) of its 1 MiB pieces as read (decompressed).
        var digest: String
        /// zlib's message when the input broke off.
        var failure: String?
        /// Whether it starts like a zip archive (whose entries are read one by one).
        var isZip = false
    }

    /// Reads `path` line by line (without line ends; a CR before LF dropped); a line longer than
    /// `maximumLine` is not handed over but reported through `overlong`. A zip archive is only
    /// recognised (``ReadOutcome/isZip``): its entries are read with ``readLines(of:in:maximumLine:line:overlong:)``.
    static func readLines(
        of path: String, maximumLine: Int, line: (ArraySlice<UInt8>, Int) -> Void, overlong: (Int) -> Void
    ) throws(OrderMailError) -> ReadOutcome {
        guard let reader = GzipReader(path: path == standardInput ? nil : path) else {
            throw .missingInput(path: path, reason: "cannot open the file")
        }
        var splitter = LineSplitter(maximumLine: maximumLine)
        var outcome = ReadOutcome(digest: "")
        var first = true
        while true {
            let chunk: [UInt8]
            do { chunk = try reader.read(upTo: 1 << 20) } catch {
                outcome.failure = error.message
                break
            }
            if first, chunk.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                outcome.isZip = true
                break
            }
            first = false
            if chunk.isEmpty { break }
            splitter.feed(chunk, line: line, overlong: overlong)
        }
        outcome.digest = splitter.finish(line: line)
        return outcome
    }

    /// Reads one entry of a zip archive line by line, as ``readLines(of:maximumLine:line:overlong:)`` reads a file.
    static func readLines(
        of entry: ZipArchive.Entry, in archive: ZipArchive, maximumLine: Int,
        line: (ArraySlice<UInt8>, Int) -> Void, overlong: (Int) -> Void
    ) -> ReadOutcome {
        var splitter = LineSplitter(maximumLine: maximumLine)
        var outcome = ReadOutcome(digest: "")
        do {
            try archive.read(entry) { splitter.feed($0, line: line, overlong: overlong) }
        } catch {
            outcome.failure = error.message
        }
        outcome.digest = splitter.finish(line: line)
        return outcome
    }

    /// Splits decoded text into lines across the pieces it arrives in, and digests the pieces.
    private struct LineSplitter {
        let maximumLine: Int
        private var transcoder = TextTranscoder()
        private var pending: [UInt8] = []
        private var digests: [UInt8] = []
        private var number = 1
        private var skipping = false

        init(maximumLine: Int) {
            self.maximumLine = maximumLine
        }

        mutating func feed(_ chunk: [UInt8], line: (ArraySlice<UInt8>, Int) -> Void, overlong: (Int) -> Void) {
            digests += Array(SHA256.hex(chunk).utf8)
            add(transcoder.feed(chunk), line: line, overlong: overlong)
        }

        /// Hands over the last line; the digest of everything fed.
        mutating func finish(line: (ArraySlice<UInt8>, Int) -> Void) -> String {
            add(transcoder.finish(), line: line, overlong: { _ in })
            if !pending.isEmpty, !skipping {
                if pending.last == 0x0D { pending.removeLast() }
                line(pending[...], number)
            }
            pending = []
            return SHA256.hex(digests)
        }

        private mutating func add(_ text: [UInt8], line: (ArraySlice<UInt8>, Int) -> Void, overlong: (Int) -> Void) {
            if skipping, CaptureInputs.newline(in: text, from: 0) == nil { return }
            pending += text
            var start = 0
            while let end = CaptureInputs.newline(in: pending, from: start) {
                if skipping {
                    skipping = false
                } else {
                    var content = pending[start..<end]
                    if content.last == 0x0D { content = content.dropLast() }
                    line(content, number)
                }
                number += 1
                start = end + 1
            }
            pending.removeFirst(start)
            if pending.count > maximumLine {
                if !skipping { overlong(number) }
                skipping = true
                pending = []
            }
        }
    }

    /// The index of the next LF at or after `start` (memchr: inputs run to gigabytes).
    fileprivate static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start < buffer.count,
                  let found = memchr(base + start, 0x0A, buffer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}
