import Foundation
import OrderMailCore

/// An XML document found in a capture, with what the text around it says about it.
package struct FoundDocument {
    /// The document's UTF-8 bytes, from its root's start tag to its end tag (or to where the capture stops).
    package var bytes: [UInt8]
    /// The line of the capture it starts on.
    package var line: Int
    /// Whether it was the content of a JSON string: its own line breaks are then not the file's.
    package var isEmbedded: Bool
    /// The nearest timestamp before it.
    package var capturedAt: Date?
    /// The platform's correlation id (ECS `trace.id`, LEGACY `BusinessCorrelationId`, `x-skltp-correlation-id`).
    package var correlationID: String?
    /// The platform's `originalServiceconsumerHsaid`, where the log carries it.
    package var originalConsumer: String?
}

/// Finds `Update` requests and their responses in text, one line at a time: SOAP envelopes or
/// bare `Update`/`UpdateResponse` elements in XML files, log lines (one per line or
/// pretty-printed), VP's LEGACY `Payload=` blocks, JSON log lines (ECS) with the XML in a string,
/// and HTTP dumps. Memory is bounded by the longest document (`maximumDocumentBytes`).
package struct CaptureScanner {
    /// Why a part of the input was skipped.
    package struct Skipped: Equatable {
        package var line: Int
        package var reason: String
    }

    package let maximumDocumentBytes: Int
    package private(set) var skipped: [Skipped] = []
    /// Lines that hold a DOCTYPE outside any document (refused, never read).
    package private(set) var doctypeLines: [Int] = []
    private var timestamps = CaptureTimestamps()
    private var latest: Date?
    private var correlationID: String?
    private var originalConsumer: String?
    private var open: OpenDocument?

    private struct OpenDocument {
        var bytes: [UInt8]
        var closeTag: [UInt8]
        var line: Int
        var capturedAt: Date?
    }

    /// Whether a document has begun and not yet ended, and its moment of capture.
    package var openDocument: (isOpen: Bool, capturedAt: Date?) { (open != nil, open?.capturedAt) }

    package init(maximumDocumentBytes: Int = 64 << 20) {
        self.maximumDocumentBytes = maximumDocumentBytes
    }

    /// Takes the next line (without its line end) and hands over every document it completes.
    package mutating func take(line: ArraySlice<UInt8>, number: Int, found: (FoundDocument) -> Void) {
        if var document = open {
            open = nil
            if let end = Self.find(document.closeTag, in: line, from: line.startIndex) {
                document.bytes += line[line.startIndex..<end]
                found(finished(document))
                scan(line[end...], number: number, found: found)
            } else if Self.isLegacyEnd(line) {
                found(finished(document))
            } else if document.bytes.count + line.count > maximumDocumentBytes {
                skipped.append(
                    Skipped(
                        line: document.line, reason: "a document over \(maximumDocumentBytes >> 20) MiB was skipped"))
            } else {
                document.bytes += line
                document.bytes.append(0x0A)
                open = document
            }
            return
        }
        noteContext(line)
        if let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), line[first] == UInt8(ascii: "{"),
            scanJSON(line, number: number, found: found)
        {
            return
        }
        scan(line, number: number, found: found)
    }

    /// Hands over a document the input ended inside (a truncated capture: the reader refuses it).
    package mutating func finish(found: (FoundDocument) -> Void) {
        if let document = open { found(finished(document)) }
        open = nil
    }

    /// Notes a line longer than the limit, which was not read.
    package mutating func skipLongLine(number: Int, limit: Int) {
        open = nil
        skipped.append(Skipped(line: number, reason: "a line over \(limit >> 20) MiB was skipped"))
    }

    private mutating func finished(_ document: OpenDocument) -> FoundDocument {
        defer {
            correlationID = nil
            originalConsumer = nil
        }
        return FoundDocument(
            bytes: document.bytes, line: document.line, isEmbedded: false, capturedAt: document.capturedAt,
            correlationID: correlationID, originalConsumer: originalConsumer)
    }

    /// Looks for documents in (the rest of) a text line.
    private mutating func scan(_ line: ArraySlice<UInt8>, number: Int, found: (FoundDocument) -> Void) {
        var position = line.startIndex
        while let start = Self.nextStartTag(in: line, from: position) {
            if line[start.lowerBound...].starts(with: Self.doctype) {
                doctypeLines.append(number)
                position = start.upperBound
                continue
            }
            let closeTag = Array("</".utf8) + line[start]
            if let end = Self.find(closeTag, in: line, from: start.upperBound) {
                found(
                    FoundDocument(
                        bytes: Array(line[(start.lowerBound - 1)..<end]), line: number, isEmbedded: false,
                        capturedAt: latest, correlationID: correlationID, originalConsumer: originalConsumer))
                correlationID = nil
                originalConsumer = nil
                position = end
            } else {
                var bytes = Array(line[(start.lowerBound - 1)...])
                bytes.append(0x0A)
                open = OpenDocument(bytes: bytes, closeTag: closeTag, line: number, capturedAt: latest)
                return
            }
        }
    }

    /// Reads a JSON log line: its timestamp, correlation and consumer fields, and documents in any of its strings.
    /// False when the line is not a JSON object.
    private mutating func scanJSON(_ line: ArraySlice<UInt8>, number: Int, found: (FoundDocument) -> Void) -> Bool {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else { return false }
        let lookup = { (path: String) -> String? in JSONLogFields.string(at: path, in: object) }
        if let text = lookup("@timestamp") ?? lookup("timestamp"),
            let date = timestamps.parseLogTimestamp(Array(text.utf8)[...])
        {
            latest = date
        }
        let correlation = lookup("trace.id") ?? lookup("labels.correlationId")
        let consumer = lookup("labels.originalServiceconsumerHsaid")
        for text in JSONLogFields.strings(in: object) where text.contains("<") {
            var inner = CaptureScanner(maximumDocumentBytes: maximumDocumentBytes)
            inner.latest = latest
            let bytes = Array(text.utf8)
            var documents: [FoundDocument] = []
            inner.scanBlock(bytes[...]) { documents.append($0) }
            for var document in documents {
                document.line = number
                document.isEmbedded = true
                document.capturedAt = latest
                document.correlationID = correlation
                document.originalConsumer = consumer
                found(document)
            }
        }
        return true
    }

    /// Scans a block of text with line breaks (a JSON string's content) as if it were lines.
    private mutating func scanBlock(_ bytes: ArraySlice<UInt8>, found: (FoundDocument) -> Void) {
        var number = 1
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            take(line: line, number: number, found: found)
            start = end + 1
            number += 1
        }
        finish(found: found)
    }

    /// Picks up timestamps, correlation ids and the original consumer from a line of log or HTTP headers.
    private mutating func noteContext(_ line: ArraySlice<UInt8>) {
        if let date = timestamps.parseLogTimestamp(line) ?? timestamps.parseHTTPDate(line) { latest = date }
        // The fields stand on log and header lines, never on a line of XML.
        let first = line.firstIndex { $0 != 0x20 && $0 != 0x09 }
        guard let first, line[first] != UInt8(ascii: "<"),
            line.contains(UInt8(ascii: "=")) || line.contains(UInt8(ascii: ":"))
        else { return }
        if Self.isLegacyStart(line) {
            correlationID = nil
            originalConsumer = nil
        }
        for (name, keepsCorrelation) in Self.contextFields {
            guard let value = Self.value(of: name, in: line) else { continue }
            if keepsCorrelation { correlationID = value } else { originalConsumer = value }
        }
    }

    /// Field names whose value a line can carry, as `name=value` or `name: value`; true for a correlation id.
    private static let contextFields: [([UInt8], Bool)] = [
        (Array("BusinessCorrelationId".utf8), true), (Array("x-skltp-correlation-id".utf8), true),
        (Array("originalServiceconsumerHsaid".utf8), false),
        (Array("x-rivta-original-serviceconsumer-hsaid".utf8), false),
    ]

    private static func value(of name: [UInt8], in line: ArraySlice<UInt8>) -> String? {
        guard let end = find(name, in: line, from: line.startIndex, caseInsensitive: true) else { return nil }
        var position = end
        while position < line.endIndex, line[position] == 0x20 { position += 1 }
        guard position < line.endIndex, line[position] == UInt8(ascii: "=") || line[position] == UInt8(ascii: ":")
        else { return nil }
        position += 1
        while position < line.endIndex, line[position] == 0x20 { position += 1 }
        let stop =
            line[position...].firstIndex { $0 == 0x20 || $0 == 0x2C || $0 == 0x3B || $0 == 0x22 || $0 == 0x09 }
            ?? line.endIndex
        guard stop > position else { return nil }
        return String(decoding: line[position..<stop], as: UTF8.self)
    }

    private static let doctype = Array("!DOCTYPE".utf8)

    /// The qualified name of the next start tag of `Envelope`, `Update` or `UpdateResponse` (or a DOCTYPE),
    /// as the range after the `<`.
    private static func nextStartTag(in line: ArraySlice<UInt8>, from position: Int) -> Range<Int>? {
        var index = position
        while let open = line[index...].firstIndex(of: UInt8(ascii: "<")) {
            let nameStart = open + 1
            if line[nameStart...].starts(with: doctype) { return nameStart..<(nameStart + doctype.count) }
            var nameEnd = nameStart
            var colon: Int?
            while nameEnd < line.endIndex, isNameByte(line[nameEnd]) {
                if line[nameEnd] == UInt8(ascii: ":") { colon = nameEnd }
                nameEnd += 1
            }
            if nameEnd > nameStart, nameEnd < line.endIndex, [0x20, 0x09, 0x3E, 0x2F, 0x0D].contains(line[nameEnd]) {
                let local = line[(colon.map { $0 + 1 } ?? nameStart)..<nameEnd]
                if rootNames.contains(where: { local.elementsEqual($0) }) { return nameStart..<nameEnd }
            } else if nameEnd == line.endIndex, nameEnd > nameStart {
                // A start tag broken over lines: its attributes follow on the next line.
                let local = line[(colon.map { $0 + 1 } ?? nameStart)..<nameEnd]
                if rootNames.contains(where: { local.elementsEqual($0) }) { return nameStart..<nameEnd }
            }
            index = nameStart
        }
        return nil
    }

    private static let rootNames = ["Envelope", "Update", "UpdateResponse"].map { Array($0.utf8) }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x3A).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x5F || byte == 0x2D || byte == 0x2E
    }

    /// Where the end tag `closeTag` (then optional white space and `>`) ends, searching from `position`.
    private static func find(_ closeTag: [UInt8], in line: ArraySlice<UInt8>, from position: Int) -> Int? {
        var index = position
        while let end = find(closeTag, in: line, from: index, caseInsensitive: false) {
            var after = end
            while after < line.endIndex, line[after] == 0x20 || line[after] == 0x09 { after += 1 }
            if after < line.endIndex, line[after] == UInt8(ascii: ">") { return after + 1 }
            index = end
        }
        return nil
    }

    /// Where the first occurrence of `needle` at or after `position` ends.
    package static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>, from position: Int, caseInsensitive: Bool)
        -> Int?
    {
        guard let first = needle.first, line.endIndex - position >= needle.count else { return nil }
        if !caseInsensitive { return line.firstRange(of: needle, from: position).map { $0 + needle.count } }
        let lower = { (byte: UInt8) -> UInt8 in caseInsensitive && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        let firstLower = lower(first)
        var index = position
        let last = line.endIndex - needle.count
        while index <= last {
            if lower(line[index]) == firstLower {
                var matched = true
                for offset in 1..<needle.count where lower(line[index + offset]) != lower(needle[offset]) {
                    matched = false
                    break
                }
                if matched { return index + needle.count }
            }
            index += 1
        }
        return nil
    }

    private static let legacyMark = Array("** ".utf8)
    private static let legacyStart = Array(".start".utf8)
    private static let legacyEnd = Array(".end".utf8)

    private static func isLegacyStart(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: legacyMark)
            && find(legacyStart, in: line, from: line.startIndex, caseInsensitive: false) != nil
    }

    private static func isLegacyEnd(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: legacyMark) && find(legacyEnd, in: line, from: line.startIndex, caseInsensitive: false) != nil
    }
}
