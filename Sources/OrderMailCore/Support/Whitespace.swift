extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, no-break spaces, line ends).
    package var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(self[first..<scalars.index(after: last)])
    }
}

extension String {
    /// Whether the text starts or ends with white space; an ASCII first or last byte is judged by
    /// itself (tab, line ends, vertical tab, form feed, space: Unicode's white space below 0x80),
    /// any other by Unicode's property.
    package var hasWhitespaceAtAnEdge: Bool {
        func isWhitespace(_ byte: UInt8?, scalar: () -> Unicode.Scalar?) -> Bool {
            guard let byte else { return false }
            if byte < 0x80 { return byte == 0x20 || (0x09...0x0D).contains(byte) }
            return scalar()?.properties.isWhitespace == true
        }
        return isWhitespace(utf8.first) { unicodeScalars.first } || isWhitespace(utf8.last) { unicodeScalars.last }
    }
}
