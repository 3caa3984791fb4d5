import Foundation
import OrderMailCore

/// A telephone number as people write it: digits, spaces, `+`, `-` and parentheses, with 5 to 20 digits.
public struct PhoneNumber: Hashable, EncodedAsText, Sendable {
    /// The number as given, trimmed.
    public let value: String
    public var description: String { value }

    /// Validates `text` for `field`.
    public init(_ text: String, field: String = "contact-phone") throws(FieldError) {
        if let bad = text.unicodeScalars.first(where: TerminalText.isUnsafe) {
            throw FieldError(
                field: field,
                rule: "must not contain control, format or separator characters (found \(OrderText.name(of: bad)))")
        }
        let trimmed = text.trimmingWhitespace
        let allowed = Set("0123456789 +-()")
        let digitCount = trimmed.filter(\.isASCIIDigit).count
        guard trimmed.allSatisfy(allowed.contains), (5...20).contains(digitCount), trimmed.count <= 30 else {
            throw FieldError(
                field: field,
                rule: "\(Quoted(text)) must be a telephone number: 5-20 digits, optionally with spaces, +, - and ()",
                example: "+46 8 123 456 78")
        }
        value = trimmed
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
