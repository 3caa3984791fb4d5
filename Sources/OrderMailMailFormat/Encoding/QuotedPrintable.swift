import OrderMailCore

/// Quoted-printable encoding (RFC 2045 section 6.7) of UTF-8 text with CRLF line ends.
package enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    package static let maximumLineLength = 76

    /// Encodes `text`, whose lines end in LF, CRLF or CR; every encoded line ends in CRLF.
    package static func encode(_ text: String) -> String {
        let lines = text.lines
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
        let bytes = Array(line.utf8)
        var lineLength = 0
        var start = 0
        let units = unitLengths(of: line, bytes: bytes)
        for (position, length) in units.enumerated() {
            let unit = bytes[start..<(start + length)]
            let endsLine = position == units.count - 1
            let encoded = encodedLength(unit, atEnd: endsLine)
            // Leave room for the soft break's "=" unless this unit ends the line.
            if lineLength > 0, lineLength + encoded > (endsLine ? maximumLineLength : maximumLineLength - 1) {
                output.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                lineLength = 0
            }
            for offset in unit.indices {
                let byte = bytes[offset]
                if isLiteral(byte, endsLine: endsLine && offset == unit.endIndex - 1) {
                    output.append(byte)
                } else {
                    output.append(UInt8(ascii: "="))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            lineLength += encoded
            start += length
        }
    }

    /// The byte lengths of the units a line is cut into: its characters, except that a character
    /// whose encoding would not fit on a line is cut into its Unicode scalars. A line of ASCII
    /// (which holds no CR here) has one character per byte, without consulting the grapheme rules.
    private static func unitLengths(of line: Substring, bytes: [UInt8]) -> [Int] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return Array(repeating: 1, count: bytes.count) }
        var lengths: [Int] = []
        var start = 0
        for character in line {
            let length = character.utf8.count
            if encodedLength(bytes[start..<(start + length)], atEnd: false) > maximumLineLength - 3 {
                lengths += character.unicodeScalars.map { UTF8.width($0) }
            } else {
                lengths.append(length)
            }
            start += length
        }
        return lengths
    }

    /// The length of `bytes` encoded; white space is literal unless it ends the line.
    private static func encodedLength(_ bytes: ArraySlice<UInt8>, atEnd: Bool) -> Int {
        var length = 0
        for offset in bytes.indices {
            length += isLiteral(bytes[offset], endsLine: atEnd && offset == bytes.endIndex - 1) ? 1 : 3
        }
        return length
    }

    /// Printable ASCII other than `=` stands for itself, and so do space and tab unless they end the line.
    private static func isLiteral(_ byte: UInt8, endsLine: Bool) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=") || (byte == 0x20 || byte == 0x09) && !endsLine
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The byte as two upper-case hex digits.
    package static func hex(_ byte: UInt8) -> String {
        String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}

extension String {
    /// The text's lines, whichever line ends (CRLF, CR or LF) it uses; text that ends with a line end
    /// has an empty last line. Split on UTF-8 bytes: a line feed always ends a character here.
    package var lines: [Substring] {
        let text = replacingLineEnds(with: "\n")
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            text[$0.startIndex..<$0.endIndex]
        }
    }

    /// The text with every CRLF, CR or LF replaced by `lineEnd`.
    package func replacingLineEnds(with lineEnd: String) -> String {
        if lineEnd == "\n", !utf8.contains(0x0D) { return self }
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
    package func breakingLongCharacters(encodedLength: (String) -> Int, limit: Int) -> [String] {
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
