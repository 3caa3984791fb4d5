import Foundation

/// Free text for an order field (system name, region, contact name, …): NFC-normalised, trimmed,
/// 1 to `maximumLength` characters, and free of control characters, which are refused, never encoded.
public struct OrderText: Hashable, EncodedAsText, Sendable {
    /// The normalised text.
    public let value: String
    public var description: String { value }

    /// Validates `raw` for `field`; the text may have at most `maximumLength` characters.
    public init(_ raw: String, field: String, maximumLength: Int = 100) throws(FieldError) {
        let profile = UTF8Profile(raw)
        if profile.mayHoldForbidden, let bad = raw.unicodeScalars.first(where: Self.isForbidden) {
            throw FieldError(
                field: field,
                rule: "must not contain control characters (found U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)))")
        }
        // Text below U+0300 (ASCII, Latin-1, Latin Extended) is already in NFC; the rest goes through Foundation.
        let text = (profile.isBelowCombiningMarks ? raw : raw.precomposedStringWithCanonicalMapping).trimmingWhitespace
        // Below U+0300 and free of controls, every scalar is a character of its own: count scalars,
        // not grapheme clusters.
        let length = !profile.isBelowCombiningMarks ? text.count
            : text.utf8.count == raw.utf8.count ? profile.scalarCount : text.unicodeScalars.count
        guard (1...maximumLength).contains(length) else {
            throw FieldError(
                field: field,
                rule: text.isEmpty ? "must not be empty" : "must be at most \(maximumLength) characters (has \(length))")
        }
        value = text
    }

    /// What one pass over a text's UTF-8 bytes tells about it.
    private struct UTF8Profile {
        /// False when no forbidden character can be there. (C0 and DEL are bytes below 0x20 and
        /// 0x7F; C1 starts with 0xC2; the separators and bidirectional controls, U+2028–U+202E and
        /// U+2066–U+2069, start with 0xE2.)
        var mayHoldForbidden = false
        /// Whether every scalar is below U+0300, the first combining mark: no lead byte of 0xCC or above.
        var isBelowCombiningMarks = true
        var scalarCount = 0

        init(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                for byte in bytes {
                    if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 { mayHoldForbidden = true }
                    if byte >= 0xCC { isBelowCombiningMarks = false }
                    if byte & 0xC0 != 0x80 { scalarCount += 1 }
                }
            }
        }
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
        // Printable ASCII at both ends: nothing to trim (a character that ends in an ASCII byte
        // starts with a scalar that is not white space), so skip the walk over grapheme clusters.
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return text
        }
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
