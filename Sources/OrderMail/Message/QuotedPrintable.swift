/// Quoted-printable encoding (RFC 2045 section 6.7) of UTF-8 text with CRLF line ends.
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    static let maximumLineLength = 76

    /// Encodes `text`, whose lines end in LF, CRLF or CR; every encoded line ends in CRLF.
    static func encode(_ text: String) -> String {
        let lines = text.replacingLineEnds(with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if isLast && line.isEmpty { break }
            encodeLine(line, into: &output)
            output += "\r\n".utf8
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes one line; a character's bytes stay on one line (a scalar's, for a character too long to fit).
    private static func encodeLine(_ line: Substring, into output: inout [UInt8]) {
        var units: [Range<String.Index>] = []
        var index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            if encodedLength(line[index..<next].utf8, atEnd: false) > maximumLineLength - 3 {
                var scalar = index
                while scalar < next {
                    let after = line.unicodeScalars.index(after: scalar)
                    units.append(scalar..<after)
                    scalar = after
                }
            } else {
                units.append(index..<next)
            }
            index = next
        }
        var lineLength = 0
        for (position, unit) in units.enumerated() {
            let isLast = position == units.count - 1
            let bytes = line[unit].utf8
            let length = encodedLength(bytes, atEnd: isLast)
            // Leave room for the soft break's "=" unless this unit ends the line.
            if lineLength > 0, lineLength + length > (isLast ? maximumLineLength : maximumLineLength - 1) {
                output += "=\r\n".utf8
                lineLength = 0
            }
            for (offset, byte) in bytes.enumerated() {
                if isLiteral(byte, endsLine: isLast && offset == bytes.count - 1) {
                    output.append(byte)
                } else {
                    output += [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                }
            }
            lineLength += length
        }
    }

    /// The length of `bytes` encoded; white space is literal unless it ends the line.
    private static func encodedLength(_ bytes: Substring.UTF8View, atEnd: Bool) -> Int {
        var length = 0
        for (offset, byte) in bytes.enumerated() {
            length += isLiteral(byte, endsLine: atEnd && offset == bytes.count - 1) ? 1 : 3
        }
        return length
    }

    /// Printable ASCII other than `=` stands for itself, and so do space and tab unless they end the line.
    private static func isLiteral(_ byte: UInt8, endsLine: Bool) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=") || (byte == 0x20 || byte == 0x09) && !endsLine
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The byte as two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]], as: UTF8.self)
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
