import OrderMailCore

/// Text in `format=flowed` (RFC 3676): a line ending in a space continues on the next line.
package enum FlowedText {
    /// Joins soft-broken lines. Space-stuffing is removed, the signature separator `-- ` is kept as
    /// a line, and lines join only within the same quote depth; with `deleteSpace` (`DelSp=yes`) the
    /// space before a soft break is removed as well.
    package static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph: String?
        var paragraphDepth = 0
        for var line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasSuffix("\r") { line.removeLast() }
            let depth = line.prefix { $0 == ">" }.count
            var content = String(line.dropFirst(depth))
            if content.hasPrefix(" ") { content.removeFirst() }
            if let open = paragraph, depth != paragraphDepth {
                output.append(open)
                paragraph = nil
            }
            let isSoft = content.hasSuffix(" ") && content != "-- "
            if isSoft && deleteSpace { content.removeLast() }
            let quote = String(repeating: ">", count: depth) + (depth > 0 ? " " : "")
            let joined = (paragraph ?? quote) + content
            if isSoft {
                paragraph = joined
                paragraphDepth = depth
            } else {
                output.append(joined)
                paragraph = nil
            }
        }
        if let open = paragraph { output.append(open) }
        return output.joined(separator: "\n")
    }
}
