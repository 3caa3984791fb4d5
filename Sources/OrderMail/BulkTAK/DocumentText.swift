import OrderMailCore

/// A name that a bulk-TAK document writes in place of the one TAK holds: order text (see
/// `OrderText`) that a workbook's XML can also hold.
enum DocumentText {
    /// `raw` validated and normalised as order text, refused where it holds a character XML 1.0 forbids
    /// (U+FFFE, U+FFFF; the C0 controls other than tab and line ends are refused as control characters).
    static func validated(_ raw: String, field: String, maximumLength: Int = 255) throws(FieldError) -> String {
        let text = try OrderText(raw, field: field, maximumLength: maximumLength).value
        // Order text has no control characters left, so only U+FFFE and U+FFFF (UTF-8 EF BF BE/BF)
        // can break XML's rule: text without the byte 0xEF needs no look at its scalars.
        if text.utf8.contains(0xEF), let bad = text.unicodeScalars.first(where: { !isXMLCharacter($0) }) {
            throw FieldError(
                field: field,
                rule: "must not contain characters that XML 1.0 forbids (found \(OrderText.name(of: bad)))")
        }
        return text
    }

    /// XML 1.0's `Char` production; a Swift string holds no surrogates.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
