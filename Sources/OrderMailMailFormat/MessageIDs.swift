import OrderMailCore

/// Message-IDs in `Message-ID`, `In-Reply-To` and `References` values.
package enum MessageIDs {
    /// The ids between angle brackets, without the brackets, in order; a value without brackets
    /// counts as one id when it has no white space (some clients write it so).
    package static func parse(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: ">") else { break }
            let id = after[..<close].trimmingWhitespace
            if !id.isEmpty, !id.contains(" ") { ids.append(id) }
            rest = after[after.index(after: close)...]
        }
        if ids.isEmpty {
            let bare = value.trimmingWhitespace
            if !bare.isEmpty, !bare.contains(where: { $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" }) {
                ids.append(bare)
            }
        }
        return ids
    }
}
