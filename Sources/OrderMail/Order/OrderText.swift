import Foundation
import OrderMailCore

/// Free text for an order field (system name, region, contact name, …): NFC-normalised, trimmed,
/// 1 to `maximumLength` characters and at most four bytes a character in UTF-8, and free of control,
/// format and separator characters, which are refused, never encoded.
public struct OrderText: Hashable, EncodedAsText, Sendable {
    /// The normalised text.
    public let value: String
    public var description: String { value }

    /// Validates `raw` for `field`; the text may have at most `maximumLength` characters.
    ///
    /// Text of printable ASCII only (most names) needs no Unicode tables: it has no control
    /// characters, is its own NFC form, its only white space is the space, and it has as many
    /// characters as bytes. Other text is looked up scalar by scalar and normalised only when it
    /// holds a scalar from U+0300 on: below that no scalar changes under NFC or combines with
    /// another (Swedish å, ä, ö, é are below it), so such text is already NFC, has as many
    /// characters as scalars, and its few unsafe scalars are known by their bytes.
    public init(_ raw: String, field: String, maximumLength: Int = 100) throws(FieldError) {
        var contiguous = raw
        let (printableASCII, belowCombining, unsafeBelow, scalars) = contiguous.withUTF8 { bytes in
            var ascii = true
            var below = true
            var unsafe = false
            // Scalars: the bytes that are not UTF-8 continuation bytes (10xxxxxx).
            var scalars = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 { scalars += 1 }
                if byte < 0x20 || byte >= 0x7F {
                    ascii = false
                    // Below U+0300 the unsafe scalars are the C0 controls, DEL, the C1 controls
                    // (C2 80–C2 9F) and the soft hyphen U+00AD (C2 AD), a format character.
                    if byte < 0x20 || byte == 0x7F { unsafe = true }
                    if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] <= 0x9F || bytes[index + 1] == 0xAD {
                        unsafe = true
                    }
                }
                // A scalar from U+0300 on: a lead byte 0xCC or higher (0xCC 0x80 is U+0300).
                if byte >= 0xCC {
                    below = false
                    break
                }
                index += 1
            }
            return (ascii, below, unsafe, scalars)
        }
        let text: String
        let count: Int
        if printableASCII {
            text = Self.trimmingSpaces(raw)
            count = text.utf8.count
        } else {
            if !belowCombining || unsafeBelow, let bad = raw.unicodeScalars.first(where: TerminalText.isUnsafe) {
                throw FieldError(
                    field: field,
                    rule: "must not contain control, format or separator characters (found \(Self.name(of: bad)))")
            }
            if belowCombining {
                // Already NFC; trimmed (a new string) only when it starts or ends with white space.
                let untrimmed = !raw.isEmpty && !raw.hasWhitespaceAtAnEdge
                text = untrimmed ? raw : raw.trimmingWhitespace
                count = untrimmed ? scalars : text.unicodeScalars.count
            } else {
                text = raw.precomposedStringWithCanonicalMapping.trimmingWhitespace
                count = text.count
            }
        }
        guard !text.isEmpty else { throw FieldError(field: field, rule: "must not be empty") }
        guard count <= maximumLength else {
            throw FieldError(field: field, rule: "must be at most \(maximumLength) characters (has \(count))")
        }
        let maximumBytes = 4 * maximumLength
        guard text.utf8.count <= maximumBytes else {
            throw FieldError(
                field: field, rule: "must be at most \(maximumBytes) bytes in UTF-8 (has \(text.utf8.count))")
        }
        value = text
    }

    /// `text` without leading and trailing spaces: the only white space printable ASCII has.
    private static func trimmingSpaces(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.first == 0x20 || utf8.last == 0x20 else { return text }
        guard let first = utf8.firstIndex(where: { $0 != 0x20 }), let last = utf8.lastIndex(where: { $0 != 0x20 })
        else { return "" }
        return String(text[first...last])
    }

    /// `U+0007`, the way an error names a character.
    static func name(of scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
