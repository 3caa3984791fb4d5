import Foundation

/// Free text for an order field (system name, region, contact name, …): NFC-normalised, trimmed,
/// 1 to `maximumLength` characters, and free of control characters, which are refused, never encoded.
public struct OrderText: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The normalised text.
    public let value: String
    public var description: String { value }

    /// Validates `raw` for `field`; the text may have at most `maximumLength` characters.
    public init(_ raw: String, field: String, maximumLength: Int = 100) throws(FieldError) {
        if let bad = raw.unicodeScalars.first(where: Self.isForbidden) {
            throw FieldError(
                field: field,
                rule: "must not contain control characters (found U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)))")
        }
        let text = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
        guard (1...maximumLength).contains(text.count) else {
            throw FieldError(
                field: field,
                rule: text.isEmpty ? "must not be empty" : "must be at most \(maximumLength) characters (has \(text.count))")
        }
        value = text
    }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
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

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
