import OrderMailCore

/// One header field of a received message, unfolded.
public struct MailHeaderField: Sendable, Equatable {
    /// The field name as written (`Message-ID`, `Subject`).
    public var name: String
    /// The value without folding and surrounding white space; encoded words are left encoded.
    public var rawValue: String
}

/// The header section of a received message or MIME part, in order.
public struct MailHeaders: Sendable, Equatable {
    /// Every field, in the order written.
    public var fields: [MailHeaderField]

    /// The raw value of the first field named `name` (compared case-insensitively).
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.rawValue
    }

    /// The raw values of every field named `name`.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.rawValue)
    }

    /// The first field named `name` with its RFC 2047 encoded words decoded.
    public func text(_ name: String) -> String? {
        self[name].map(EncodedWord.decode)
    }

    /// Parses the header section at the start of `bytes`; returns it with the index where the body
    /// starts (after the empty line). A line that is neither a field nor a continuation ends the
    /// section early, as it does in Python's parser.
    package static func parse(_ bytes: ArraySlice<UInt8>) throws(MailFormatError) -> (
        headers: MailHeaders, bodyStart: Int
    ) {
        var fields: [MailHeaderField] = []
        var lineCount = 0
        var position = bytes.startIndex
        var current: (name: String, value: [UInt8])?
        func finish() {
            if let field = current {
                fields.append(
                    MailHeaderField(name: field.name, rawValue: HeaderText.decode(field.value).trimmingWhitespace))
            }
            current = nil
        }
        while position < bytes.endIndex {
            let lineEnd = bytes.lineEnd(from: position)
            let contentEnd = bytes.contentEnd(ofLineFrom: position, to: lineEnd)
            lineCount += 1
            if lineCount > MailLimits.maximumHeaderLines {
                throw MailFormatError(rule: "header section has more than \(MailLimits.maximumHeaderLines) lines")
            }
            if lineEnd - bytes.startIndex > MailLimits.maximumHeaderBytes {
                throw MailFormatError(rule: "header section is larger than \(MailLimits.maximumHeaderBytes / 1024) kB")
            }
            if contentEnd == position {
                finish()
                return (MailHeaders(fields: fields), lineEnd)
            }
            let first = bytes[position]
            if first == 0x20 || first == 0x09 {
                if current != nil {
                    current?.value += bytes[position..<contentEnd]
                    position = lineEnd
                    continue
                }
            }
            guard let colon = bytes[position..<contentEnd].firstIndex(of: UInt8(ascii: ":")),
                colon > position,
                bytes[position..<colon].allSatisfy({ (0x21...0x7E).contains($0) || $0 == 0x20 || $0 == 0x09 })
            else {
                finish()
                return (MailHeaders(fields: fields), position)
            }
            finish()
            let name = String(decoding: bytes[position..<colon], as: UTF8.self).trimmingWhitespace
            current = (name, Array(bytes[(colon + 1)..<contentEnd]))
            position = lineEnd
        }
        finish()
        return (MailHeaders(fields: fields), bytes.endIndex)
    }
}

/// Header values in 8-bit: UTF-8 (RFC 6532) when valid, else Windows-1252, which older clients send.
package enum HeaderText {
    package static func decode(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
            return String(decoding: bytes, as: UTF8.self)
        }
        return MailCharset.windows1252.decode(bytes[...])
    }
}

extension UInt8 {
    /// The byte with A-Z made a-z.
    package var asciiLowercased: UInt8 { (0x41...0x5A).contains(self) ? self | 0x20 : self }
}

extension String {
    /// Compares ASCII letters without regard to case, as header names and parameters are compared.
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}
