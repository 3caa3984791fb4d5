/// Quoted-printable encoding (RFC 2045 section 6.7) of UTF-8 text with CRLF line ends.
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    static let maximumLineLength = 76

    /// Encodes `text`, whose lines end in LF, CRLF or CR; every encoded line ends in CRLF.
    static func encode(_ text: String) -> String {
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
        var lineLength = 0
        var index = line.startIndex
        while index < line.endIndex {
            let next = characterEnd(from: index, in: line)
            let endsLine = next == line.endIndex
            if encodedLength(line[index..<next].utf8, atEnd: false) > maximumLineLength - 3 {
                var scalar = index
                while scalar < next {
                    let after = line.unicodeScalars.index(after: scalar)
                    append(line[scalar..<after].utf8, endsLine: endsLine && after == next, lineLength: &lineLength, to: &output)
                    scalar = after
                }
            } else {
                append(line[index..<next].utf8, endsLine: endsLine, lineLength: &lineLength, to: &output)
            }
            index = next
        }
    }

    /// Where the character that starts at `index` ends. Two ASCII bytes other than CR are never one
    /// character, so the grapheme rules are consulted only around other bytes.
    private static func characterEnd(from index: String.Index, in line: Substring) -> String.Index {
        let utf8 = line.utf8
        let following = utf8.index(after: index)
        if utf8[index] < 0x80, utf8[index] != 0x0D, following == utf8.endIndex || utf8[following] < 0x80 {
            return following
        }
        return line.index(after: index)
    }

    /// Appends one unit (a character or a scalar) encoded, after a soft break if the line has no
    /// room for it; the `=` of a soft break needs room too unless the unit ends the line.
    private static func append(_ bytes: Substring.UTF8View, endsLine: Bool, lineLength: inout Int, to output: inout [UInt8]) {
        let length = encodedLength(bytes, atEnd: endsLine)
        if lineLength > 0, lineLength + length > (endsLine ? maximumLineLength : maximumLineLength - 1) {
            output.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
            lineLength = 0
        }
        var remaining = bytes.count
        for byte in bytes {
            remaining -= 1
            if isLiteral(byte, endsLine: endsLine && remaining == 0) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "="))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        lineLength += length
    }

    /// The length of `bytes` encoded; white space is literal unless it ends the line.
    private static func encodedLength(_ bytes: Substring.UTF8View, atEnd: Bool) -> Int {
        var length = 0
        var remaining = bytes.count
        for byte in bytes {
            remaining -= 1
            length += isLiteral(byte, endsLine: atEnd && remaining == 0) ? 1 : 3
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
    /// The text's lines, whichever line ends (CRLF, CR or LF) it uses; text that ends with a line end
    /// has an empty last line. Split on UTF-8 bytes: a line feed always ends a character here.
    var lines: [Substring] {
        let text = replacingLineEnds(with: "\n")
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { text[$0.startIndex..<$0.endIndex] }
    }

    /// The text with every CRLF, CR or LF replaced by `lineEnd`.
    func replacingLineEnds(with lineEnd: String) -> String {
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
