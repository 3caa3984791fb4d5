import Foundation
import OrderMailCore

/// Reads an mbox file one message at a time, in bounded memory: messages start at lines beginning
/// `From `, whose line is dropped; `>From ` lines (any number of `>`) lose one `>` (mboxrd).
/// A message over `MailLimits.maximumMessageBytes` is skipped, with an error item, without being held.
public struct MboxReader: IteratorProtocol, Sequence {
    private let path: String
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var messageNumber = 0
    private var pending: [MailItem] = []
    private var openError: OrderMailError?
    private static let chunkSize = 4 * 1024 * 1024
    private static let separator = Array("\nFrom ".utf8)

    /// Opens `path`; an unreadable file gives one error item.
    public init(path: String) {
        self.path = path
        handle = FileHandle(forReadingAtPath: path)
        if handle == nil { openError = .missingInput(path: path, reason: "cannot be read") }
    }

    /// The next message (or error) in the file, nil at its end.
    public mutating func next() -> MailItem? {
        if let error = openError {
            openError = nil
            atEnd = true
            return MailItem(location: path, result: .failure(error))
        }
        while pending.isEmpty {
            guard let (bytes, size) = nextMessage() else { return nil }
            messageNumber += 1
            let location = "\(path), message \(messageNumber)"
            if let bytes {
                pending = MailItem.parsing(bytes, location: location)
            } else {
                pending = [
                    MailItem(location: location, result: .failure(MailFormatError.tooLarge(size).error(at: location)))
                ]
            }
        }
        return pending.removeFirst()
    }

    /// The next message's bytes (nil when too large) and its size; nil at the end of the file.
    private mutating func nextMessage() -> ([UInt8]?, Int)? {
        // Unread bytes are buffer[start...]; they begin at a From_ line (or at the file's start).
        var searchFrom = start
        var skipped = 0
        while true {
            if let separator = buffer[...].firstRange(of: Self.separator, from: searchFrom) {
                let message = buffer[start..<(separator + 1)]
                start = separator + 1
                if skipped > 0 { return (nil, skipped + message.count) }
                if let bytes = Self.messageBytes(message) { return (bytes, message.count) }
                searchFrom = start
                continue
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let message = buffer[start...]
                start = buffer.count
                if skipped > 0 { return (nil, skipped + message.count) }
                guard let bytes = Self.messageBytes(message) else { return nil }
                return (bytes, message.count)
            }
            if buffer.count - start > MailLimits.maximumMessageBytes {
                // Too large to hold: keep only the tail a separator could start in.
                let keep = Self.separator.count - 1
                skipped += buffer.count - start - keep
                start = buffer.count - keep
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            searchFrom = Swift.max(0, buffer.count - Self.separator.count + 1)
            readChunk()
        }
    }

    private mutating func readChunk() {
        guard let handle, let data = try? handle.read(upToCount: Self.chunkSize), !data.isEmpty else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: data)
    }

    /// A message as stored: its From_ line dropped, `>From ` unquoted, the empty line mbox puts
    /// before the next From_ line removed. Nil for blank text before the first From_ line.
    private static func messageBytes(_ stored: ArraySlice<UInt8>) -> [UInt8]? {
        var body = stored
        if body.starts(with: Array("From ".utf8)) {
            body = body[body.lineEnd(from: body.startIndex)...]
        } else if body.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }) {
            return nil
        }
        if body.suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) {
            body = body.dropLast(2)
        } else if body.suffix(2).elementsEqual([0x0A, 0x0A]) {
            body = body.dropLast()
        }
        return unquoteFromLines(body)
    }

    /// Removes one `>` from lines that match `>+From `.
    private static func unquoteFromLines(_ body: ArraySlice<UInt8>) -> [UInt8] {
        let quote = Array("\n>".utf8)
        func nextQuotedLine(from index: Int) -> Int? { body.firstRange(of: quote, from: index).map { $0 + 1 } }
        var lineStart = body.first == UInt8(ascii: ">") ? body.startIndex : nextQuotedLine(from: body.startIndex)
        guard lineStart != nil else { return Array(body) }
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var copied = body.startIndex
        while let start = lineStart {
            var index = start
            while index < body.endIndex, body[index] == UInt8(ascii: ">") { index += 1 }
            if body[index...].starts(with: Array("From ".utf8)) {
                output += body[copied..<start]
                copied = start + 1
            }
            lineStart = nextQuotedLine(from: index)
        }
        output += body[copied...]
        return output
    }
}
