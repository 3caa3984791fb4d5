import Foundation

/// Free text for an order field (system name, region, contact name, …): NFC-normalised, trimmed,
/// 1 to `maximumLength` characters and at most four bytes a character in UTF-8, and free of control,
/// format and separator characters, which are refused, never encoded.
public struct OrderText: Hashable, EncodedAsText, Sendable {
    /// The normalised text.
    public let value: String
    public var description: String { value }

    /// Validates `raw` for `field`; the text may have at most `maximumLength` characters.
    public init(_ raw: String, field: String, maximumLength: Int = 100) throws(FieldError) {
        if let bad = raw.unicodeScalars.first(where: TerminalText.isUnsafe) {
            throw FieldError(
                field: field,
                rule: "must not contain control, format or separator characters (found \(Self.name(of: bad)))")
        }
        let text = raw.precomposedStringWithCanonicalMapping.trimmingWhitespace
        guard !text.isEmpty else { throw FieldError(field: field, rule: "must not be empty") }
        guard text.count <= maximumLength else {
            throw FieldError(field: field, rule: "must be at most \(maximumLength) characters (has \(text.count))")
        }
        let maximumBytes = 4 * maximumLength
        guard text.utf8.count <= maximumBytes else {
            throw FieldError(field: field, rule: "must be at most \(maximumBytes) bytes in UTF-8 (has \(text.utf8.count))")
        }
        value = text
    }

    /// `U+0007`, the way an error names a character.
    static func name(of scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, no-break spaces, line ends).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(self[first..<scalars.index(after: last)])
    }
}
