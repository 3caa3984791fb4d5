/// A plain-text table: every column but the last padded with spaces to its width, columns parted
/// by `separator`; one way of laying out `list`, `checks` and an activation order's units.
package struct TextTable {
    package var rows: [[String]]
    /// Each column's width: by default its widest cell's; a narrower one cuts longer cells with `…`.
    package var widths: [Int]
    package var separator: String

    package init(_ rows: [[String]], separator: String = "  ") {
        self.rows = rows
        self.separator = separator
        let columns = rows.map(\.count).max() ?? 0
        widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    }

    /// The table's lines, without line ends.
    package var lines: [String] {
        rows.map { row in
            row.enumerated().map { column, cell in
                let width = widths[column]
                let fitted = cell.count > width ? String(cell.prefix(max(0, width - 1))) + "…" : cell
                return column == row.count - 1 ? fitted : fitted + String(repeating: " ", count: width - fitted.count)
            }.joined(separator: separator)
        }
    }
}
