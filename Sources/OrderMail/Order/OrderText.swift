import Foundation

/// Free text for an order field (system name, region, contact name, …): NFC-normalised, trimmed,
/// 1 to `maximumLength` characters, and free of control characters, which are refused, never encoded.
public struct OrderText: Hashable, EncodedAsText, Sendable {
    /// The normalised text.
    public let value: String
    public var description: String { value }

    /// Validates `raw` for `field`; the text may have at most `maximumLength` characters.
    public init(_ raw: String, field: String, maximumLength: Int = 100) throws(FieldError) {
        if Self.mayHoldForbidden(raw.utf8), let bad = raw.unicodeScalars.first(where: Self.isForbidden) {
            throw FieldError(
                field: field,
                rule: "must not contain control characters (found U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)))")
        }
        // Text below U+0300 (ASCII, Latin-1, Latin Extended) is already in NFC; the rest goes through Foundation.
        let normalized = raw.unicodeScalars.allSatisfy { $0.value < 0x300 } ? raw : raw.precomposedStringWithCanonicalMapping
        let text = normalized.trimmingWhitespace
        guard (1...maximumLength).contains(text.count) else {
            throw FieldError(
                field: field,
                rule: text.isEmpty ? "must not be empty" : "must be at most \(maximumLength) characters (has \(text.count))")
        }
        value = text
    }



    /// A fast look at the UTF-8 bytes: false when no forbidden character can be there.
    /// (C0 and DEL are bytes below 0x20 and 0x7F; C1 starts with 0xC2; the separators and
    /// bidirectional controls, U+2028–U+202E and U+2066–U+2069, start with 0xE2.)
    static func mayHoldForbidden(_ bytes: String.UTF8View) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }

    /// Control characters, line and paragraph separators, and bidirectional overrides.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: break
        }
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, no-break spaces, …).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
