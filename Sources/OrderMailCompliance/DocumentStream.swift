import Foundation
import OrderMailCore

/// One input (or one entry of an archive) as a stream of the documents found in it, read piece
/// by piece as the merge asks for them, so that inputs can be checked side by side in the order
/// of capture while only a piece of each is in memory.
package final class DocumentStream {
    /// The input as named on the command line (`archive.zip:entry` for an entry).
    package let name: String
    private var source: CaptureByteSource?
    private let maximumLine: Int
    private var splitter: CaptureInputs.LineSplitter
    package private(set) var scanner = CaptureScanner()
    private var queue: [FoundDocument] = []
    private var head = 0
    /// How many bytes to read at a time (smaller when many inputs are open at once).
    package var pieceSize = 1 << 20
    /// How many bytes `nextKey` reads at a time until the stream's first document has begun: the
    /// merge asks every input for its first key at once, and with a thousand inputs open side by
    /// side, each one's buffers (piece, line, undigested bytes, open document) stay this small
    /// until its turn comes.
    static let probeSize = 4 << 10
    /// Whether a document has been handed out (after that, pieces are `pieceSize`).
    private var started = false
    /// Why reading stopped early, if it did.
    package private(set) var failure: String?
    /// Bytes read (after decompression).
    package private(set) var bytesRead = 0
    package private(set) var isAtEnd = false
    /// The digest of everything read (see ``CheckUpdates``), once at the end.
    package private(set) var digest = ""
    /// The latest moment of capture of a document handed out: the merge key of one without its own.
    package private(set) var lastCapture: Date?

    package init(name: String, source: CaptureByteSource, maximumLine: Int) {
        self.name = name
        self.source = source
        self.maximumLine = maximumLine
        splitter = CaptureInputs.LineSplitter(maximumLine: maximumLine)
    }

    /// An input that could not be opened or listed: it ends at once with `failure`.
    package init(name: String, failure: String, maximumLine: Int) {
        self.name = name
        self.maximumLine = maximumLine
        self.failure = failure
        splitter = CaptureInputs.LineSplitter(maximumLine: maximumLine)
        finish()
    }

    /// The moment of capture the next document is ordered by (its own, else the stream's last),
    /// and whether it is its own; nil when the stream has no more documents. Reads only until a
    /// document has begun.
    package func nextKey() -> (date: Date?, isOwn: Bool)? {
        while head == queue.count, !isAtEnd {
            let open = scanner.openDocument
            if open.isOpen { return (open.capturedAt ?? lastCapture, open.capturedAt != nil) }
            readPiece(size: started ? pieceSize : Self.probeSize)
        }
        guard head < queue.count else { return nil }
        let capturedAt = queue[head].capturedAt
        return (capturedAt ?? lastCapture, capturedAt != nil)
    }

    /// The next document, reading on as needed; nil at the end.
    package func next() -> FoundDocument? {
        while head == queue.count, !isAtEnd { readPiece(size: pieceSize) }
        guard head < queue.count else { return nil }
        started = true
        let document = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        if let capturedAt = document.capturedAt { lastCapture = capturedAt }
        return document
    }

    private func readPiece(size: Int) {
        guard let source else { return finish() }
        let piece: [UInt8]
        do { piece = try source.read(upTo: size) } catch {
            failure = error.message
            return finish()
        }
        guard !piece.isEmpty else { return finish() }
        bytesRead += piece.count
        splitter.feed(
            piece,
            line: { line, number in
                self.scanner.take(line: line, number: number) { self.queue.append($0) }
            },
            overlong: { number in
                self.scanner.skipLongLine(number: number, limit: self.maximumLine)
            })
    }

    private func finish() {
        guard !isAtEnd else { return }
        isAtEnd = true
        source = nil
        digest = splitter.finish { line, number in
            self.scanner.take(line: line, number: number) { self.queue.append($0) }
        }
        scanner.finish { queue.append($0) }
    }
}

/// A source whose first bytes can be looked at and put back.
package final class BufferedSource: CaptureByteSource {
    private let inner: CaptureByteSource
    private var pending: [UInt8] = []

    package init(_ inner: CaptureByteSource) {
        self.inner = inner
    }

    /// Up to `count` first bytes (fewer only at the end), taken from the source.
    package func readHead(_ count: Int) throws(InputReadError) -> [UInt8] {
        var head = pending
        pending = []
        while head.count < count {
            let piece = try inner.read(upTo: count - head.count)
            if piece.isEmpty { break }
            head += piece
        }
        return head
    }

    /// Puts `bytes` back in front of what is still to read.
    package func unread(_ bytes: [UInt8]) {
        pending = bytes + pending
    }

    package func read(upTo count: Int) throws(InputReadError) -> [UInt8] {
        if !pending.isEmpty {
            let piece = Array(pending.prefix(count))
            pending.removeFirst(piece.count)
            return piece
        }
        return try inner.read(upTo: count)
    }
}

/// A file, pipe, FIFO or standard input read with read(2), exactly once.
package final class FileDescriptorSource: CaptureByteSource {
    private let descriptor: Int32
    /// Whether it is a regular file (which libarchive may open again by name, to seek).
    package let isRegular: Bool
    /// Its size, for a regular file.
    package let size: Int?
    package private(set) var bytesRead = 0

    package init(_ descriptor: Int32) {
        self.descriptor = descriptor
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        isRegular = known && (status.st_mode & S_IFMT) == S_IFREG
        size = isRegular ? Int(status.st_size) : nil
    }

    deinit { close(descriptor) }

    package func read(upTo count: Int) throws(InputReadError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        while true {
            let read = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
            if read >= 0 {
                bytes.removeLast(count - read)
                bytesRead += read
                return bytes
            }
            if errno != EINTR { throw InputReadError(message: "cannot read: \(String(cString: strerror(errno)))") }
        }
    }
}
