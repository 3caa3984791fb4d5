import CArchive
import Foundation
import Glibc
import OrderMailCore

/// Why an input (or an entry in it) could not be read, in one line.
package struct InputReadError: Error, Equatable {
    package let message: String
}

/// An input's bytes, read in pieces; an empty piece is the end.
package protocol CaptureByteSource: AnyObject {
    func read(upTo count: Int) throws(InputReadError) -> [UInt8]
}

/// What an input's first bytes say it is.
package enum InputSignature: Equatable {
    /// Text (or anything libarchive would call "raw"): read directly, not through libarchive.
    case plain
    /// A compressed stream (gzip, xz, bzip2, zstd): a file, or a tar archive, inside.
    case compressed
    /// An archive that libarchive reads: zip and 7z need seeking, tar does not.
    case zip, sevenZip, tar

    /// The bytes an input must start with for ``of(_:)`` to decide (tar's mark sits at 257).
    package static let headSize = 262

    package static func of(_ head: [UInt8]) -> InputSignature {
        if head.starts(with: [0x1F, 0x8B]) || head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])
            || head.starts(with: Array("BZh".utf8)) || head.starts(with: [0x28, 0xB5, 0x2F, 0xFD])
        {
            return .compressed
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if head.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .sevenZip }
        if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) { return .tar }
        return .plain
    }

    /// Whether libarchive needs to seek in it (a zip's central directory, 7z's header at the end).
    package var needsSeeking: Bool { self == .zip || self == .sevenZip }
}

/// Counts the bytes inflated from archives and compressed inputs against the bomb limits: per input,
/// per run, and per compressed byte (ratio).
package final class InflationBudget {
    /// The limits; ``CaptureInputs/Limits``.
    package let limits: CaptureInputs.Limits
    /// Bytes inflated in the whole run.
    package private(set) var run = 0

    package init(limits: CaptureInputs.Limits) {
        self.limits = limits
    }

    /// One input's share: its size on disk (nil for a pipe: the ratio then counts bytes read so far).
    package final class Input {
        package let budget: InflationBudget
        package let compressedSize: () -> Int
        package private(set) var inflated = 0

        package init(budget: InflationBudget, compressedSize: @escaping () -> Int) {
            self.budget = budget
            self.compressedSize = compressedSize
        }

        /// Counts `count` more bytes inflated; throws when a limit is passed.
        package func add(_ count: Int) throws(InputReadError) {
            inflated += count
            budget.run += count
            let limits = budget.limits
            if inflated > limits.inflatedPerInput {
                throw InputReadError(
                    message:
                        "the input inflates to more than \(limits.inflatedPerInput) bytes (the limit per input): the rest is not read"
                )
            }
            if budget.run > limits.inflatedPerRun {
                throw InputReadError(
                    message:
                        "the inputs inflate to more than \(limits.inflatedPerRun) bytes (the limit per run): the rest is not read"
                )
            }
            if inflated > limits.ratioFloor, inflated / max(compressedSize(), 1) > limits.ratio {
                throw InputReadError(
                    message:
                        "the input inflates more than \(limits.ratio) times its size (a bomb?): the rest is not read")
            }
        }
    }
}

/// Where an archive's bytes come from: a file libarchive opens itself (so it can seek), or a
/// source read once (a pipe, or an entry of an outer archive), whose first bytes are already read.
package enum ArchiveOrigin {
    case file(String)
    case source(CaptureByteSource, head: [UInt8])
}

/// One regular entry of an archive.
package struct ArchiveEntryInfo: Equatable {
    package var name: String
    /// Its position among the archive's entries (directories included), for ``ArchiveHandle/skip(to:)``.
    package var index: Int
}

/// An open libarchive reader; the only type that calls libarchive.
package final class ArchiveHandle {
    private let archive: OpaquePointer
    private var context: Unmanaged<SourceContext>?
    /// Entries (of any type) read so far.
    package private(set) var entriesSeen = 0
    private let budget: InflationBudget.Input

    /// Feeds libarchive from a ``CaptureByteSource`` (its first bytes first).
    fileprivate final class SourceContext {
        let source: CaptureByteSource
        var head: [UInt8]
        /// What libarchive reads from until the next call: memory of our own, so the pointer stays valid.
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: SourceContext.pieceSize, alignment: 1)
        var failure: InputReadError?
        static let pieceSize = 1 << 16

        init(source: CaptureByteSource, head: [UInt8]) {
            self.source = source
            self.head = head
        }

        deinit { storage.deallocate() }

        /// Copies the next piece into ``storage``: the head (in pieces), then the source's; its length.
        func fill() throws(InputReadError) -> Int {
            let piece: [UInt8]
            if !head.isEmpty {
                piece = Array(head.prefix(Self.pieceSize))
                head.removeFirst(piece.count)
            } else {
                piece = try source.read(upTo: Self.pieceSize)
            }
            piece.withUnsafeBytes { storage.copyMemory(from: $0) }
            return piece.count
        }
    }

    /// Opens an archive or compressed stream: tar, zip (Zip64 too), 7z, or a single compressed file ("raw").
    package init(_ origin: ArchiveOrigin, budget: InflationBudget.Input) throws(InputReadError) {
        guard let archive = archive_read_new() else {
            throw InputReadError(message: "libarchive could not start a reader")
        }
        self.archive = archive
        self.budget = budget
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_zip(archive)
        archive_read_support_format_7zip(archive)
        archive_read_support_format_raw(archive)
        let status: Int32
        switch origin {
        case .file(let path):
            status = archive_read_open_filename(archive, path, 1 << 16)
        case .source(let source, let head):
            let context = Unmanaged.passRetained(SourceContext(source: source, head: head))
            self.context = context
            status = archive_read_open(archive, context.toOpaque(), nil, readArchiveSource, nil)
        }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            let message = errorMessage()
            archive_read_free(archive)
            context?.release()
            throw InputReadError(message: "not a readable archive or compressed file: \(message)")
        }
    }

    deinit {
        archive_read_free(archive)
        context?.release()
    }

    /// Whether the input is a single compressed file rather than an archive of entries.
    package var isRaw: Bool { archive_format(archive) == ARCHIVE_FORMAT_RAW }

    /// The next regular entry (directories and links are passed over), with its header's position
    /// in the archive; nil at the end.
    package func nextEntry() throws(InputReadError) -> (info: ArchiveEntryInfo, headerPosition: Int64)? {
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return nil }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw InputReadError(message: "a damaged archive: \(errorMessage())")
            }
            let index = entriesSeen
            entriesSeen += 1
            if archive_entry_filetype(entry) != Glibc.S_IFREG, archive_format(archive) != ARCHIVE_FORMAT_RAW {
                continue
            }
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? "(entry \(index + 1))"
            return (ArchiveEntryInfo(name: name, index: index), archive_read_header_position(archive))
        }
    }

    /// Passes over the current entry's data: a zip's by seeking; any other's by reading it, counted against the budget.
    package func skipData() throws(InputReadError) {
        if archive_format(archive) & ARCHIVE_FORMAT_BASE_MASK == ARCHIVE_FORMAT_ZIP {
            guard archive_read_data_skip(archive) == ARCHIVE_OK else {
                throw InputReadError(message: "a damaged archive: \(errorMessage())")
            }
            return
        }
        while try !readData(upTo: 1 << 20).isEmpty {}
    }

    /// Up to `count` bytes of the current entry, inflated and counted; empty at its end.
    package func readData(upTo count: Int) throws(InputReadError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, count) }
        if read < 0 {
            if let failure = context?.takeUnretainedValue().failure { throw failure }
            throw InputReadError(message: "damaged data: \(errorMessage())")
        }
        bytes.removeLast(count - Int(read))
        try budget.add(Int(read))
        return bytes
    }

    private func errorMessage() -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}

/// libarchive's read callback: the source's first bytes, then its pieces; a failure is kept for ``ArchiveHandle/readData(upTo:)``.
private func readArchiveSource(
    _ archive: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> la_ssize_t {
    guard let client, let buffer else { return -1 }
    let context = Unmanaged<ArchiveHandle.SourceContext>.fromOpaque(client).takeUnretainedValue()
    do throws(InputReadError) {
        let count = try context.fill()
        buffer.pointee = UnsafeRawPointer(context.storage.baseAddress)
        return la_ssize_t(count)
    } catch {
        context.failure = error
        return -1
    }
}

/// One entry of an archive as a byte source: its own reader, moved to the entry, so that entries
/// can be read side by side (to merge their requests by time).
package final class ArchiveEntrySource: CaptureByteSource {
    private let handle: ArchiveHandle

    package init(open: () throws(InputReadError) -> ArchiveHandle, entry: ArchiveEntryInfo) throws(InputReadError) {
        handle = try open()
        while let next = try handle.nextEntry() {
            if next.info.index == entry.index { return }
            try handle.skipData()
        }
        throw InputReadError(message: "the entry \(entry.name) was not found again")
    }

    /// Reads the raw handle's only entry (a compressed file), already positioned.
    package init(positioned handle: ArchiveHandle) {
        self.handle = handle
    }

    package func read(upTo count: Int) throws(InputReadError) -> [UInt8] {
        try handle.readData(upTo: count)
    }
}

/// Every entry of an archive read one after another as one source (for an archive read once, from
/// a pipe or inside another archive), with a line end between entries.
package final class SequentialArchiveSource: CaptureByteSource {
    private let handle: ArchiveHandle
    private var inEntry = false
    private var finished = false
    package private(set) var entries = 0
    package let maximumEntries: Int

    package init(_ handle: ArchiveHandle, maximumEntries: Int) {
        self.handle = handle
        self.maximumEntries = maximumEntries
    }

    package func read(upTo count: Int) throws(InputReadError) -> [UInt8] {
        while !finished {
            if !inEntry {
                guard try handle.nextEntry() != nil else {
                    finished = true
                    return []
                }
                entries += 1
                if entries > maximumEntries {
                    throw InputReadError(
                        message:
                            "the archive holds more than \(maximumEntries) entries (the limit): the rest is not read")
                }
                inEntry = true
            }
            let bytes = try handle.readData(upTo: count)
            if !bytes.isEmpty { return bytes }
            inEntry = false
            return [0x0A]
        }
        return []
    }
}

extension ArchiveHandle {
    /// The regular entries of an archive, in order; refuses more than `maximumEntries` and entries
    /// whose headers overlap (several entries pointing at the same data: a zip bomb's trick).
    package static func list(
        _ open: () throws(InputReadError) -> ArchiveHandle, maximumEntries: Int, zipDirectoryCount: Int? = nil
    ) throws(InputReadError) -> [ArchiveEntryInfo] {
        let handle = try open()
        var entries: [ArchiveEntryInfo] = []
        var positions: Set<Int64> = []
        while let next = try handle.nextEntry() {
            if handle.isRaw { return [next.info] }
            guard positions.insert(next.headerPosition).inserted else {
                throw InputReadError(
                    message: "overlapping entries (\(next.info.name) starts where another does) are refused")
            }
            entries.append(next.info)
            if entries.count > maximumEntries {
                throw InputReadError(message: "the archive holds more than \(maximumEntries) entries (the limit)")
            }
            try handle.skipData()
        }
        // libarchive reads entries that share a local header once: fewer than the directory lists means overlap.
        if let zipDirectoryCount, handle.entriesSeen < zipDirectoryCount {
            throw InputReadError(
                message:
                    "overlapping entries are refused (the zip directory lists \(zipDirectoryCount) entries, \(zipDirectoryCount - handle.entriesSeen) of them at data another entry holds)"
            )
        }
        return entries
    }
}
