import Foundation
import OrderMailCore

extension EncodedWord {
    /// Decodes the RFC 2047 encoded words in a header value (`=?utf-8?q?R=C3=A4ksm=C3=B6rg=C3=A5s?=`,
    /// `=?iso-8859-1?b?…?=`); white space between two adjacent encoded words is dropped. A word that
    /// is malformed or in a charset not read here is left as written.
    package static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var output = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (text, length) = decodeWord(rest) {
                if !lastWasEncoded { output += pendingSpace }
                pendingSpace = ""
                output += text
                rest = rest.dropFirst(length)
                lastWasEncoded = true
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
            } else {
                output += pendingSpace
                pendingSpace = ""
                output.append(character)
                lastWasEncoded = false
            }
        }
        return output + pendingSpace
    }

    /// The text of the encoded word at the start of `text` and its length in characters.
    private static func decodeWord(_ text: Substring) -> (String, Int)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("="), parts[2].allSatisfy({ $0 != " " }) else { return nil }
        let label = parts[0].split(separator: "*").first.map(String.init) ?? ""
        guard let charset = MailCharset(label: label) else { return nil }
        let encoded = Array(parts[2].utf8)
        let bytes: [UInt8]
        switch parts[1].lowercased() {
        case "q": bytes = QuotedPrintable.decode(encoded[...], underscoreIsSpace: true)
        case "b":
            guard let data = Data(base64Encoded: String(parts[2]).paddedBase64) else { return nil }
            bytes = Array(data)
        default: return nil
        }
        let length = 2 + parts[0].count + 1 + parts[1].count + 1 + parts[2].count + 2
        return (charset.decode(bytes[...]), length)
    }
}

extension String {
    /// Base64 text with the `=` padding some encoders leave out.
    package var paddedBase64: String {
        let remainder = utf8.count % 4
        return remainder == 0 ? self : self + String(repeating: "=", count: 4 - remainder)
    }
}
