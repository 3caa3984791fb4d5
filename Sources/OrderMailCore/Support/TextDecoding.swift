/// The encoding a unit list was read in.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    /// What Excel's "CSV (semikolonavgränsad)" writes in a Swedish locale.
    case windows1252 = "Windows-1252"
}

/// The one home of ordermail's UTF-8 and Windows-1252 decisions: a unit list's or register's
/// encoding (``decode(_:)``) and a mail part's text (``text(windows1252:)``, ``isUTF8(_:)``).
///
/// Decides a text file's encoding on the evidence of the whole file: UTF-8 (with or without BOM)
/// when every byte is UTF-8, Windows-1252 only when the file holds no valid multi-byte UTF-8
/// sequence at all. A file that is UTF-8 except for some bytes is neither: decoding it as
/// Windows-1252 would turn every other non-ASCII name into mojibake.
package enum TextDecoding {
    /// The text as UTF-8 bytes and the encoding it was read in.
    package static func decode(_ bytes: [UInt8]) throws(TextDecodingError) -> (utf8: [UInt8], encoding: TextEncoding) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasBOM = bytes.starts(with: bom)
        let text = hasBOM ? Array(bytes.dropFirst(bom.count)) : bytes
        let scan = UTF8Scan(text)
        if scan.invalidLines.isEmpty { return (text, hasBOM ? .utf8WithBOM : .utf8) }
        guard !hasBOM && scan.multiByteSequences == 0 else { throw .notUTF8(lines: scan.invalidLines) }
        return (try windows1252(text), .windows1252)
    }

    /// `bytes`, none of them UTF-8's multi-byte sequences, read as Windows-1252.
    private static func windows1252(_ bytes: [UInt8]) throws(TextDecodingError) -> [UInt8] {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 8)
        var line = 1
        var undefined: [(line: Int, byte: UInt8)] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if byte < 0x80 {
                utf8.append(byte)
            } else if let scalar = byte < 0xA0 ? windows1252[Int(byte) - 0x80] : Unicode.Scalar(byte) {
                utf8 += Array(String(scalar).utf8)
            } else {
                undefined.append((line, byte))
            }
        }
        guard undefined.isEmpty else { throw .undefinedInWindows1252(undefined) }
        return utf8
    }

    /// Whether `bytes` are well-formed UTF-8 throughout.
    package static func isUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// `bytes` read as Windows-1252, the five bytes it leaves undefined as U+FFFD (how mail is read:
    /// a reply is shown, never refused).
    package static func text(windows1252 bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(
                byte < 0x80 || byte >= 0xA0 ? Unicode.Scalar(byte) : windows1252[Int(byte) - 0x80] ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Windows-1252's characters for 0x80–0x9F; nil where it defines none.
    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}

/// What one pass over a file's bytes says about UTF-8: how many valid multi-byte sequences it
/// holds, and which lines hold bytes that are not UTF-8 (each line once, in order).
private struct UTF8Scan {
    var multiByteSequences = 0
    var invalidLines: [Int] = []

    init(_ bytes: [UInt8]) {
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == UInt8(ascii: "\n") { line += 1 }
                index += 1
                continue
            }
            let length = Self.sequenceLength(bytes, at: index)
            if length > 0 {
                multiByteSequences += 1
                index += length
            } else {
                if invalidLines.last != line { invalidLines.append(line) }
                index += 1
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence of two to four bytes at `index`, or 0
    /// (Unicode's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF).
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let (length, second): (Int, ClosedRange<UInt8>) =
            switch lead {
            case 0xC2...0xDF: (2, 0x80...0xBF)
            case 0xE0: (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
            case 0xED: (3, 0x80...0x9F)
            case 0xF0: (4, 0x90...0xBF)
            case 0xF1...0xF3: (4, 0x80...0xBF)
            case 0xF4: (4, 0x80...0x8F)
            default: (0, 0...0)
            }
        guard length > 0, index + length <= bytes.count, second.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}

/// Why a file's bytes are not text ordermail reads.
package enum TextDecodingError: Error {
    /// UTF-8 with invalid bytes on these lines (or a BOM and invalid bytes).
    case notUTF8(lines: [Int])
    /// Windows-1252 with bytes it leaves undefined.
    case undefinedInWindows1252([(line: Int, byte: UInt8)])
}
