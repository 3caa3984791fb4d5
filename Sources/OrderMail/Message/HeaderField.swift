import Foundation
import OrderMailCore
import OrderMailMailFormat

/// One header field of a message, folded and encoded for the wire.
struct HeaderField: Equatable, Sendable {
    /// The longest line a header should have (RFC 5322 section 2.1.1), where it can be folded.
    static let preferredLineLength = 78

    let name: String
    /// The value as it goes on the wire: ASCII, folded with CRLF + space.
    let encodedValue: String

    /// A field whose value is already ASCII and needs no folding (dates, ids, addresses).
    init(_ name: String, ascii value: String) {
        self.name = name
        self.encodedValue = value
    }

    /// An unstructured field such as `Subject:`: plain when printable ASCII, else RFC 2047 encoded words.
    init(_ name: String, unstructured text: String) {
        self.name = name
        let needsEncoding =
            !text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
            || text.contains("=?")
        if needsEncoding {
            encodedValue = EncodedWord.encode(text, firstLineUsed: name.count + 2).joined(separator: "\r\n ")
        } else {
            encodedValue = Self.foldAtSpaces(text, firstLineUsed: name.count + 2)
        }
    }

    /// A list of Message-IDs (`References:`), each in angle brackets, folded between them.
    init(_ name: String, messageIDs: [String]) {
        self.name = name
        var lines: [String] = []
        var current = ""
        var used = name.count + 2
        for id in messageIDs.map({ "<\($0)>" }) {
            if !current.isEmpty, used + current.count + 1 + id.count > Self.preferredLineLength {
                lines.append(current)
                current = ""
                used = 1
            }
            current += current.isEmpty ? id : " " + id
        }
        lines.append(current)
        encodedValue = lines.joined(separator: "\r\n ")
    }

    /// An address field: each mailbox as `display name <address>`, the name quoted or encoded as needed.
    init(_ name: String, mailboxes: [(displayName: String?, address: EmailAddress)]) {
        self.name = name
        encodedValue = mailboxes.enumerated().map { index, mailbox in
            guard let displayName = mailbox.displayName else { return mailbox.address.address }
            let phrase = Self.phrase(displayName, firstLineUsed: index == 0 ? name.count + 2 : 1)
            let angleAddress = "<\(mailbox.address.address)>"
            let lastLine =
                phrase.utf8.lastIndex(of: UInt8(ascii: "\n")).map { phrase[phrase.utf8.index(after: $0)...] }
                ?? phrase[...]
            let fits =
                (index == 0 && !phrase.contains("\r\n") ? name.count + 2 : 0) + lastLine.count + 1
                + angleAddress.count <= Self.preferredLineLength
            return phrase + (fits ? " " : "\r\n ") + angleAddress
        }.joined(separator: ",\r\n ")
    }

    /// The line(s) as they go on the wire, each ending in CRLF.
    var wireForm: String { "\(name): \(encodedValue)\r\n" }

    /// A display name as an atom sequence, a quoted string, or encoded words.
    static func phrase(_ text: String, firstLineUsed: Int = 0) -> String {
        if text.unicodeScalars.allSatisfy(isAtextOrSpace), !text.contains("=?") { return text }
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return EncodedWord.encode(text, firstLineUsed: firstLineUsed).joined(separator: "\r\n ")
    }

    /// Whether `scalar` is RFC 5322 `atext` or a space, the characters of a phrase of atoms.
    private static func isAtextOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", " ": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// Folds printable ASCII at spaces so that lines stay within 78 characters where a space allows.
    private static func foldAtSpaces(_ text: String, firstLineUsed: Int) -> String {
        var lines: [String] = []
        var current = ""
        var used = firstLineUsed
        for (index, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let piece = index == 0 ? String(word) : " " + word
            if !current.isEmpty, used + current.count + piece.count > preferredLineLength {
                lines.append(current)
                current = ""
                used = 0
            }
            current += piece
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }
}
