/// The encoding a unit list was read in.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    /// What Excel's "CSV (semikolonavgränsad)" writes in a Swedish locale.
    case windows1252 = "Windows-1252"
}

/// Decodes a text file as UTF-8 (with or without BOM), or, when it is not valid UTF-8, as Windows-1252.
enum TextDecoding {
    /// The UTF-8 bytes of the text and the encoding it was read in; bytes that Windows-1252 leaves
    /// undefined are an error naming their line.
    static func decode(_ bytes: [UInt8]) throws(TextDecodingError) -> (utf8: [UInt8], encoding: TextEncoding) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) {
            let rest = Array(bytes.dropFirst(3))
            if String(validating: rest, as: UTF8.self) != nil { return (rest, .utf8WithBOM) }
        } else if String(validating: bytes, as: UTF8.self) != nil {
            return (bytes, .utf8)
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 8)
        var line = 1
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if byte < 0x80 {
                utf8.append(byte)
            } else if (0xA0...0xFF).contains(byte) {
                utf8 += Array(String(Unicode.Scalar(byte)).utf8)
            } else if let scalar = windows1252[Int(byte) - 0x80] {
                utf8 += Array(String(scalar).utf8)
            } else {
                throw TextDecodingError(line: line, byte: byte)
            }
        }
        return (utf8, .windows1252)
    }

    /// Windows-1252's characters for 0x80–0x9F; nil where it defines none.
    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}

/// A byte that is neither UTF-8 nor defined in Windows-1252.
struct TextDecodingError: Error, Equatable {
    var line: Int
    var byte: UInt8
}
