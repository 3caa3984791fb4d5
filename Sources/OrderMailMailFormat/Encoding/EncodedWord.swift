import OrderMailCore

/// RFC 2047 encoded words (`=?utf-8?q?…?=`) for non-ASCII text in `Subject:` and display names.
package enum EncodedWord {
    /// The longest encoded word RFC 2047 allows.
    package static let maximumLength = 75
    /// The longest line that holds an encoded word, folding white space included.
    package static let maximumLineLength = 76
    private static let prefix = "=?utf-8?q?"
    private static let suffix = "?="

    /// Encodes `text` as encoded words of at most 75 characters each, split between characters
    /// (between Unicode scalars only for a character too long for one word; never inside a
    /// scalar's bytes). Uses only the characters RFC 2047 allows in a phrase, so the words are
    /// valid in display names and in unstructured headers alike.
    /// - Parameter firstLineUsed: characters before the first word on its line (`Subject: `), so
    ///   that every line holding an encoded word stays within RFC 2047's 76 characters.
    package static func encode(_ text: String, firstLineUsed: Int = 0) -> [String] {
        let overhead = prefix.count + suffix.count
        var room = min(maximumLength, maximumLineLength - firstLineUsed) - overhead
        var words: [String] = []
        var current = ""
        let encode = { (unit: String) in unit.utf8.map(Self.encode).joined() }
        for unit in text.breakingLongCharacters(encodedLength: { encode($0).count }, limit: room) {
            let piece = encode(unit)
            if !current.isEmpty, current.utf8.count + piece.utf8.count > room {
                words.append(prefix + current + suffix)
                current = ""
                room = maximumLength - overhead
            }
            current += piece
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    private static func encode(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: " "): "_"
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            String(UnicodeScalar(byte))
        default: "=" + QuotedPrintable.hex(byte)
        }
    }
}
