/// The subject and body of a message ordermail wrote, decoded for reading: the subject's encoded
/// words (`=?utf-8?q?…?=`) and the quoted-printable body turned back into text.
public struct StoredMessageText: Equatable, Sendable {
    public let subject: String
    public let body: String

    /// Decodes `message`.
    public init(_ message: [UInt8]) {
        let text = String(decoding: message, as: UTF8.self)
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        let subjectField = StoredEnvelope.headerFields(message).first { $0.name == "subject" }?.value ?? ""
        subject = Self.decodeWords(subjectField)
        body = parts.count == 2 ? Self.decodeQuotedPrintable(Substring(parts[1])) : ""
    }

    /// Quoted-printable back to text: soft line breaks joined, `=XX` turned into bytes, CRLF into LF.
    static func decodeQuotedPrintable(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            var utf8 = Array(line.utf8)
            let soft = utf8.last == UInt8(ascii: "=")
            if soft { utf8.removeLast() }
            var index = 0
            while index < utf8.count {
                if utf8[index] == UInt8(ascii: "="), index + 2 < utf8.count,
                   let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(byte)
                    index += 3
                } else {
                    bytes.append(utf8[index])
                    index += 1
                }
            }
            if !soft { bytes.append(UInt8(ascii: "\n")) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A header value with RFC 2047 Q-encoded UTF-8 words decoded; the space between two encoded
    /// words is dropped, as the RFC says.
    static func decodeWords(_ value: String) -> String {
        var result = ""
        var previousWasEncoded = false
        for token in value.split(separator: " ", omittingEmptySubsequences: false) {
            let lower = token.lowercased()
            if lower.hasPrefix("=?utf-8?q?"), lower.hasSuffix("?=") {
                let payload = token.dropFirst(10).dropLast(2).replacingOccurrences(of: "_", with: " ")
                if !previousWasEncoded, !result.isEmpty { result += " " }
                result += decodeQuotedPrintable(Substring(payload)).dropLast()
                previousWasEncoded = true
            } else {
                if !result.isEmpty { result += " " }
                result += token
                previousWasEncoded = false
            }
        }
        return result
    }
}
