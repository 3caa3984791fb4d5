import Foundation
import OrderMailCore

/// The inputs of `check-updates`: files, folders (every regular file in them, recursively, in
/// path order) and `-` for standard input, each as one or more ``DocumentStream``s, read as UTF-8
/// or UTF-16 with a BOM, line by line.
public enum CaptureInputs {
    /// The name that stands for standard input.
    package static let standardInput = "-"

    /// Every file the arguments name; a missing path is an error (no input).
    package static func expand(_ paths: [String]) throws(OrderMailError) -> [String] {
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

    /// The bomb limits on what archives and compressed inputs may inflate to.
    public struct Limits: Sendable {
        /// Bytes inflated from one input (all its entries).
        public var inflatedPerInput: Int
        /// Bytes inflated from all inputs of a run.
        public var inflatedPerRun: Int
        /// Bytes inflated per byte of the input, once more than ``ratioFloor`` bytes are inflated.
        public var ratio: Int
        public var ratioFloor: Int
        /// Entries of one archive.
        public var entries: Int

        public init(
            inflatedPerInput: Int = 32 << 30, inflatedPerRun: Int = 64 << 30, ratio: Int = 1_000,
            ratioFloor: Int = 64 << 20,
            entries: Int = 10_000
        ) {
            self.inflatedPerInput = inflatedPerInput
            self.inflatedPerRun = inflatedPerRun
            self.ratio = ratio
            self.ratioFloor = ratioFloor
            self.entries = entries
        }
    }

    /// Opens every input as one stream of documents, or one per entry of an archive on disk, in
    /// the order given. Each input is opened once and each byte read once: a pipe, a FIFO or
    /// standard input is never read twice. Plain files are read directly; compressed files and
    /// archives (decided by their first bytes) through libarchive, an archive inside an archive
    /// to one level (its entries one after another).
    package static func open(_ paths: [String], maximumLine: Int, budget: InflationBudget) throws(OrderMailError)
        -> [DocumentStream]
    {
        var streams: [DocumentStream] = []
        for path in paths {
            let name = path == standardInput ? "(standard input)" : path
            let descriptor = path == standardInput ? dup(0) : Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .missingInput(path: path, reason: "cannot open the file") }
            let raw = FileDescriptorSource(descriptor)
            let file = BufferedSource(raw)
            let inputBudget = InflationBudget.Input(budget: budget) { raw.size ?? raw.bytesRead }
            let head: [UInt8]
            do { head = try file.readHead(InputSignature.headSize) } catch {
                streams.append(DocumentStream(name: name, failure: error.message, maximumLine: maximumLine))
                continue
            }
            let signature = InputSignature.of(head)
            if signature == .plain {
                file.unread(head)
                streams.append(DocumentStream(name: name, source: file, maximumLine: maximumLine))
                continue
            }
            streams += archiveStreams(
                name: name, path: path, file: file, isRegular: raw.isRegular, head: head, signature: signature,
                budget: inputBudget, maximumLine: maximumLine)
        }
        return streams
    }

    private static func archiveStreams(
        name: String, path: String, file: BufferedSource, isRegular: Bool, head: [UInt8], signature: InputSignature,
        budget: InflationBudget.Input, maximumLine: Int
    ) -> [DocumentStream] {
        let limits = budget.budget.limits
        let failed = { (message: String) in [DocumentStream(name: name, failure: message, maximumLine: maximumLine)] }
        guard isRegular else {
            if signature.needsSeeking {
                return failed(
                    "a \(signature == .zip ? "zip" : "7z") archive cannot be read from a pipe or standard input (it needs seeking): pass the file"
                )
            }
            do {
                let handle = try ArchiveHandle(.source(file, head: head), budget: budget)
                return [
                    DocumentStream(
                        name: name, source: SequentialArchiveSource(handle, maximumEntries: limits.entries),
                        maximumLine: maximumLine)
                ]
            } catch {
                return failed(error.message)
            }
        }
        let open = { () throws(InputReadError) -> ArchiveHandle in try ArchiveHandle(.file(path), budget: budget) }
        let entries: [ArchiveEntryInfo]
        do {
            entries = try ArchiveHandle.list(
                open, maximumEntries: limits.entries,
                zipDirectoryCount: signature == .zip ? zipDirectoryCount(path) : nil)
        } catch {
            return failed(error.message)
        }
        var streams: [DocumentStream] = []
        for entry in entries {
            do {
                let handle = try open()
                let source = try ArchiveEntrySource(open: { () throws(InputReadError) in handle }, entry: entry)
                let entryName = handle.isRaw ? name : "\(name):\(entry.name)"
                streams.append(
                    try nestedOrPlain(name: entryName, source: source, budget: budget, maximumLine: maximumLine))
            } catch {
                streams.append(
                    DocumentStream(name: "\(name):\(entry.name)", failure: error.message, maximumLine: maximumLine))
            }
        }
        return streams
    }

    /// The number of entries a zip's end-of-central-directory record (or its Zip64 one) lists; nil when not found.
    package static func zipDirectoryCount(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path), let size = try? handle.seekToEnd() else { return nil }
        defer { try? handle.close() }
        let tailSize = min(size, 65_557 + 20)
        guard (try? handle.seek(toOffset: size - tailSize)) != nil,
            let data = try? handle.read(upToCount: Int(tailSize))
        else { return nil }
        let tail = Array(data)
        func uint(_ at: Int, _ width: Int) -> Int { (0..<width).reduce(0) { $0 | Int(tail[at + $1]) << (8 * $1) } }
        guard tail.count >= 22,
            let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: { uint($0, 4) == 0x0605_4B50 })
        else { return nil }
        let count = uint(end + 10, 2)
        // Zip64: the locator (20 bytes) before the record points at the Zip64 end record with the real count.
        if count == 0xFFFF, end >= 20, uint(end - 20, 4) == 0x0706_4B50,
            (try? handle.seek(toOffset: UInt64(uint(end - 20 + 8, 8)))) != nil,
            let record = try? handle.read(upToCount: 56), record.count == 56
        {
            let bytes = Array(record)
            guard bytes.starts(with: [0x50, 0x4B, 0x06, 0x06]) else { return nil }
            return (0..<8).reduce(0) { $0 | Int(bytes[32 + $1]) << (8 * $1) }
        }
        return count
    }

    /// An entry as a stream: an archive or compressed file inside it opened (one level), else its text.
    private static func nestedOrPlain(
        name: String, source: ArchiveEntrySource, budget: InflationBudget.Input, maximumLine: Int
    ) throws(InputReadError) -> DocumentStream {
        let buffered = BufferedSource(source)
        let head = try buffered.readHead(InputSignature.headSize)
        let signature = InputSignature.of(head)
        guard signature != .plain else {
            buffered.unread(head)
            return DocumentStream(name: name, source: buffered, maximumLine: maximumLine)
        }
        if signature == .sevenZip {
            throw InputReadError(message: "a 7z archive inside an archive is not read (it needs seeking): extract it")
        }
        let handle = try ArchiveHandle(.source(buffered, head: head), budget: budget)
        return DocumentStream(
            name: name, source: SequentialArchiveSource(handle, maximumEntries: budget.budget.limits.entries),
            maximumLine: maximumLine)
    }

    /// Splits decoded text into lines across the pieces it arrives in, and digests the pieces.
    package struct LineSplitter {
        package let maximumLine: Int
        private var transcoder = TextTranscoder()
        private var pending: [UInt8] = []
        private var digests: [UInt8] = []
        private var undigested: [UInt8] = []
        private static let digestPiece = 1 << 20
        private var number = 1
        private var skipping = false

        package init(maximumLine: Int) {
            self.maximumLine = maximumLine
        }

        package mutating func feed(_ chunk: [UInt8], line: (ArraySlice<UInt8>, Int) -> Void, overlong: (Int) -> Void) {
            // Digested in pieces of 1 MiB whatever sizes the input arrives in (a pipe, a file, an archive).
            if undigested.isEmpty, chunk.count == Self.digestPiece {
                digests += Array(SHA256.hex(chunk).utf8)
            } else {
                undigested += chunk
                while undigested.count >= Self.digestPiece {
                    digests += Array(SHA256.hex(Array(undigested.prefix(Self.digestPiece))).utf8)
                    undigested.removeFirst(Self.digestPiece)
                }
            }
            add(transcoder.feed(chunk), line: line, overlong: overlong)
        }

        /// Hands over the last line; the digest of everything fed.
        package mutating func finish(line: (ArraySlice<UInt8>, Int) -> Void) -> String {
            if !undigested.isEmpty { digests += Array(SHA256.hex(undigested).utf8) }
            undigested = []
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
                let found = memchr(base + start, 0x0A, buffer.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}
