import Foundation
import OrderMailCore

/// The character sets text parts are decoded from: UTF-8 (and ASCII), and Windows-1252 (what Outlook
/// and Exchange send), which also reads ISO-8859-1, as web browsers do.
package enum MailCharset: Equatable {
    case utf8
    case windows1252

    /// The charset a MIME label names, or nil for one not read here.
    package init?(label: String) {
        switch label.trimmingWhitespace.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968": self = .utf8
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "iso-ir-100":
            // Exchange labels Windows-1252 text as ISO-8859-1; the two agree outside 0x80-0x9F,
            // where ISO-8859-1 has only control characters.
            self = .windows1252
        case "windows-1252", "cp1252", "x-cp1252", "windows1252": self = .windows1252
        default: return nil
        }
    }

    /// The text of `bytes`; malformed UTF-8 and the five bytes Windows-1252 leaves undefined
    /// become U+FFFD.
    package func decode(_ bytes: ArraySlice<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return TextDecoding.text(windows1252: bytes)
        }
    }

    /// Text in `label`'s charset. Undeclared text, or text in a charset not read here (which `note`
    /// names), is read as UTF-8 when it is valid UTF-8, else as Windows-1252.
    package static func decode(_ bytes: ArraySlice<UInt8>, label: String?, note: (String) -> Void) -> String {
        if let label, let charset = MailCharset(label: label) { return charset.decode(bytes) }
        let charset: MailCharset = TextDecoding.isUTF8(bytes) ? .utf8 : .windows1252
        if let label {
            note(
                "charset \(label.prefix(40)) is not read here; the text was read as \(charset == .utf8 ? "UTF-8" : "Windows-1252")"
            )
        }
        return charset.decode(bytes)
    }
}
