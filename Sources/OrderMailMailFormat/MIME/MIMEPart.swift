import Foundation
import OrderMailCore

/// One MIME entity: a message, a part of a multipart, or the message inside a `message/rfc822` part.
package struct MIMEPart: Sendable {
    package var headers: MailHeaders
    package var mediaType: MediaType
    /// The body as written, still in its transfer encoding.
    package var body: ArraySlice<UInt8>
    /// The parts of a multipart, or the one message inside a `message/rfc822` part.
    package var children: [MIMEPart]

    /// `base64`, `quoted-printable`, `7bit`, …, in lower case.
    package var transferEncoding: String { headers["Content-Transfer-Encoding"]?.lowercased() ?? "7bit" }

    /// Whether `Content-Disposition` makes this part an attachment rather than text to show.
    package var isAttachment: Bool {
        headers["Content-Disposition"].flatMap { $0.split(separator: ";").first }?.trimmingWhitespace.lowercased()
            == "attachment"
    }

    /// Parses the entity in `bytes`, its parts and attached messages, down to `MailLimits.maximumDepth`;
    /// what is wrong but readable (a missing closing boundary) goes to `notes`.
    /// Only the entity's own header section can make it unreadable; a part or attached message
    /// that cannot be read is left out with a note.
    package static func parse(
        _ bytes: ArraySlice<UInt8>, defaultType: MediaType = .defaultText, depth: Int = 0, notes: inout [String]
    ) throws(MailFormatError) -> MIMEPart {
        let (headers, bodyStart) = try MailHeaders.parse(bytes)
        var mediaType = defaultType
        if let value = headers["Content-Type"] {
            if let parsed = MediaType(parsing: value) {
                mediaType = parsed
            } else {
                notes.append(
                    "Content-Type \(value.prefix(40).debugDescription) is not type/subtype; read as text/plain")
                mediaType = .defaultText
            }
        }
        var part = MIMEPart(headers: headers, mediaType: mediaType, body: bytes[bodyStart...], children: [])
        guard mediaType.type == "multipart" || mediaType.essence == "message/rfc822" else { return part }
        guard depth < MailLimits.maximumDepth else {
            notes.append("parts nested deeper than \(MailLimits.maximumDepth) levels were not read")
            return part
        }
        if mediaType.type == "message" {
            var inner = part.body
            if ["base64", "quoted-printable"].contains(part.transferEncoding) { inner = part.decodedBody()[...] }
            do {
                part.children = [try parse(inner, depth: depth + 1, notes: &notes)]
            } catch {
                notes.append("attached message not read: \(error.rule)")
            }
            return part
        }
        guard let boundary = mediaType.parameters["boundary"], Self.isValidBoundary(boundary) else {
            notes.append("multipart without a valid boundary parameter; its body was read as text")
            part.mediaType = .defaultText
            return part
        }
        let childType: MediaType = mediaType.subtype == "digest" ? .defaultDigestPart : .defaultText
        guard let ranges = Self.partRanges(of: part.body, boundary: boundary, notes: &notes) else {
            notes.append(
                "multipart whose boundary \(boundary.prefix(40).debugDescription) never occurs; its body was read as text"
            )
            part.mediaType = .defaultText
            return part
        }
        for range in ranges {
            do {
                part.children.append(
                    try parse(part.body[range], defaultType: childType, depth: depth + 1, notes: &notes))
            } catch {
                notes.append("part not read: \(error.rule)")
            }
        }
        return part
    }

    /// RFC 2046 section 5.1.1: 1-70 characters, not ending in a space.
    private static func isValidBoundary(_ boundary: String) -> Bool {
        (1...70).contains(boundary.utf8.count) && !boundary.hasSuffix(" ") && !boundary.contains("\n")
            && !boundary.contains("\r")
    }

    /// The byte ranges of the parts between delimiter lines (`--boundary`, ending at `--boundary--`);
    /// nil when no delimiter line occurs. A body cut off before its closing delimiter is noted.
    private static func partRanges(
        of body: ArraySlice<UInt8>, boundary: String, notes: inout [String]
    ) -> [Range<Int>]? {
        let delimiter = Array("--\(boundary)".utf8)
        let lineDelimiter = [0x0A] + delimiter
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var found = false
        var search = body.startIndex
        while search < body.endIndex {
            let candidate: Int
            if search == body.startIndex, body.starts(with: delimiter) {
                candidate = body.startIndex
            } else if let newline = body.firstRange(
                of: lineDelimiter, from: search == body.startIndex ? search : search - 1)
            {
                candidate = newline + 1
            } else {
                break
            }
            let lineEnd = body.lineEnd(from: candidate)
            let contentEnd = body.contentEnd(ofLineFrom: candidate, to: lineEnd)
            var rest = body[(candidate + delimiter.count)..<contentEnd]
            let isClose = rest.starts(with: [0x2D, 0x2D])
            if isClose { rest = rest.dropFirst(2) }
            search = lineEnd
            guard rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            found = true
            if let start = partStart {
                var end = candidate
                if end > start, body[end - 1] == 0x0A { end -= 1 }
                if end > start, body[end - 1] == 0x0D { end -= 1 }
                ranges.append(start..<max(start, end))
            }
            if isClose { return ranges }
            partStart = lineEnd
        }
        guard found else { return nil }
        notes.append("multipart ends without its closing boundary (the message may be truncated)")
        if let start = partStart, start < body.endIndex { ranges.append(start..<body.endIndex) }
        return ranges
    }

    /// The body with its transfer encoding undone; base64 ignores line ends and stray characters.
    package func decodedBody(limit: Int = .max) -> [UInt8] {
        let encoded = body.prefix(limit)
        switch transferEncoding {
        case "base64":
            let text = encoded.filter { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }
            let usable = text.prefix(text.count - text.count % 4)
            return Data(base64Encoded: Data(usable), options: .ignoreUnknownCharacters).map(Array.init) ?? []
        case "quoted-printable":
            return QuotedPrintable.decode(encoded)
        default:
            return Array(encoded)
        }
    }
}
