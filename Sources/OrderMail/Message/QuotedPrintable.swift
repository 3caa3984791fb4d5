/// Quoted-printable encoding (RFC 2045 section 6.7) of UTF-8 text with CRLF line ends.
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    static let maximumLineLength = 76

    /// Encodes `text`, whose lines end in LF, CRLF or CR; every encoded line ends in CRLF.
    static func encode(_ text: String) -> String {
        let lines = text.replacingLineEnds(with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var output = ""
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if isLast && line.isEmpty { break }
            output += encodeLine(line)
            output += "\r\n"
        }
        return output
    }

    /// Encodes one line; a character's bytes stay on one line (a scalar's, for a character too long to fit).
    private static func encodeLine(_ line: Substring) -> String {
        var output = ""
        var current = ""
        let units = line.breakingLongCharacters(encodedLength: { encode($0, atEnd: false).count },
                                                limit: maximumLineLength - 3)
        for (index, unit) in units.enumerated() {
            let isLast = index == units.count - 1
            let piece = encode(unit, atEnd: isLast)
            // Leave room for the soft break's "=" unless this piece ends the line.
            let limit = isLast ? maximumLineLength : maximumLineLength - 1
            if !current.isEmpty, current.utf8.count + piece.utf8.count > limit {
                output += current + "=\r\n"
                current = ""
            }
            current += piece
        }
        return output + current
    }

    /// `text` encoded; white space is literal unless it ends the line.
    private static func encode(_ text: String, atEnd: Bool) -> String {
        let bytes = Array(text.utf8)
        return bytes.enumerated().map { index, byte in
            let literal = (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=")
                || (byte == 0x20 || byte == 0x09) && !(atEnd && index == bytes.count - 1)
            return literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
        }.joined()
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

extension String {
    /// The text with every CRLF, CR or LF replaced by `lineEnd`.
    func replacingLineEnds(with lineEnd: String) -> String {
        var result = ""
        var previousWasCR = false
        for scalar in unicodeScalars {
            switch scalar {
            case "\r":
                result += lineEnd
                previousWasCR = true
                continue
            case "\n" where previousWasCR:
                break
            case "\n":
                result += lineEnd
            default:
                result.unicodeScalars.append(scalar)
            }
            previousWasCR = false
        }
        return result
    }
}

extension StringProtocol {
    /// The text cut into characters, except that a character whose encoding is longer than
    /// `limit` is cut into its Unicode scalars, so that every unit fits on an encoded line.
    func breakingLongCharacters(encodedLength: (String) -> Int, limit: Int) -> [String] {
        var units: [String] = []
        for character in self {
            let text = String(character)
            if encodedLength(text) > limit {
                units += character.unicodeScalars.map { String($0) }
            } else {
                units.append(text)
            }
        }
        return units
    }
}
