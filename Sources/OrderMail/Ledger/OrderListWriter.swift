import Foundation

/// How `list` prints orders.
public enum ListFormat: String, Sendable, CaseIterable {
    /// Aligned columns within 100 characters.
    case table
    /// JSON Lines: one object per order, with an `id` key.
    case json
    /// RFC 4180, with a header row.
    case csv
}

/// Writes `list`'s output row by row: JSON Lines and CSV stream out in chunks, a table waits for
/// every row so that it can align the columns.
public struct OrderListWriter {
    /// The widest a table may be.
    public static let tableWidth = 100
    static let csvColumns = ["id", "created_at", "kind", "environment", "hsa_id", "system_name", "status", "status_at", "message_id"]
    /// Output is handed on once this many bytes wait.
    private static let chunkSize = 64 * 1024

    private let format: ListFormat
    private let csvDelimiter: String
    private let sink: ([UInt8]) -> Void
    private var rows: [OrderSummary] = []
    private var pending: [UInt8] = []

    /// A writer that hands its output to `sink`; `csvDelimiter` is `,` or `;`.
    public init(format: ListFormat, csvDelimiter: String = ",", sink: @escaping ([UInt8]) -> Void) {
        self.format = format
        self.csvDelimiter = csvDelimiter
        self.sink = sink
        if format == .csv { pending = Array((Self.csvColumns.joined(separator: csvDelimiter) + "\r\n").utf8) }
    }

    /// Adds one order.
    public mutating func add(_ summary: OrderSummary) {
        switch format {
        case .table: rows.append(summary)
        case .json: appendJSONLine(summary)
        case .csv:
            let fields = [
                String(summary.id), summary.createdAt, summary.kind.rawValue, summary.environment ?? summary.platform ?? "",
                summary.hsaID, summary.systemName, summary.status.rawValue, summary.statusAt, summary.messageID,
            ]
            pending += Array((fields.map(csvField).joined(separator: csvDelimiter) + "\r\n").utf8)
        }
        if pending.count >= Self.chunkSize {
            sink(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Hands on what is left; a table says `no orders` when there were none.
    public func finish() {
        guard format == .table else {
            if !pending.isEmpty { sink(pending) }
            return
        }
        sink(Array(table().utf8))
    }

    private func table() -> String {
        if rows.isEmpty { return "no orders\n" }
        let header = ["ID", "DATE", "KIND", "ENV", "HSA-ID", "SYSTEM", "STATUS"]
        let cells = rows.map { row in
            [String(row.id), String(row.createdAt.prefix(10)), row.kind.rawValue, row.environment ?? row.platform ?? "",
             row.hsaID, row.systemName, row.status.rawValue]
        }
        var widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        let systemColumn = 5
        let others = widths.enumerated().filter { $0.offset != systemColumn }.map(\.element).reduce(0, +)
        widths[systemColumn] = max(6, min(widths[systemColumn], Self.tableWidth - others - 2 * (header.count - 1)))
        return ([header] + cells).map { row in
            row.enumerated().map { column, cell in
                let fitted = cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                return column == row.count - 1 ? fitted : fitted + String(repeating: " ", count: widths[column] - fitted.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// One JSON object per line, written directly onto the output: a JSON encoder per row costs more
    /// than the query.
    private mutating func appendJSONLine(_ summary: OrderSummary) {
        var json = JSONText(continuing: &pending)
        json.raw("{\"id\":\(summary.id)")
        json.member("createdAt", summary.createdAt)
        json.member("environment", summary.environment)
        json.member("hsaID", summary.hsaID)
        json.member("kind", summary.kind.rawValue)
        json.member("messageID", summary.messageID)
        json.member("platform", summary.platform)
        json.member("status", summary.status.rawValue)
        json.member("statusAt", summary.statusAt)
        json.member("systemName", summary.systemName)
        json.raw("}\n")
        pending = json.bytes
    }

    /// A field quoted per RFC 4180 when it holds the delimiter, a quote, CR or LF.
    private func csvField(_ value: String) -> String {
        let needsQuotes = value.contains(csvDelimiter) || value.contains("\"") || value.contains("\n") || value.contains("\r")
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
