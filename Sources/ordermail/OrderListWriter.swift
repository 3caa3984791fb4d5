import ArgumentParser
import Foundation
import OrderMail

/// How `list` prints orders.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv

    static let csvColumns = ["id", "created_at", "kind", "environment", "hsa_id", "system_name", "status", "status_at", "message_id"]

    static func csvHeader(delimiter: String) -> String { csvColumns.joined(separator: delimiter) + "\r\n" }
}

/// Writes `list`'s output row by row: JSON Lines and CSV stream out in chunks, a table waits for
/// every row so that it can align the columns.
struct OrderListWriter {
    /// The widest a table may be.
    static let tableWidth = 100

    let format: ListFormat
    let csvDelimiter: String
    private var rows: [OrderSummary] = []
    private var text = ""
    /// Stream output once this many bytes are waiting.
    private static let chunkSize = 64 * 1024
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(format: ListFormat, csvDelimiter: String) {
        self.format = format
        self.csvDelimiter = csvDelimiter
        if format == .csv { text = ListFormat.csvHeader(delimiter: csvDelimiter) }
    }

    mutating func add(_ summary: OrderSummary) {
        switch format {
        case .table: rows.append(summary)
        case .json: text += String(decoding: (try? encoder.encode(summary)) ?? Data(), as: UTF8.self) + "\n"
        case .csv:
            let fields = [
                String(summary.id), summary.createdAt, summary.kind.rawValue, summary.environment ?? summary.platform ?? "",
                summary.hsaID, summary.systemName, summary.status.rawValue, summary.statusAt, summary.messageID,
            ]
            text += fields.map(csvField).joined(separator: csvDelimiter) + "\r\n"
        }
        if text.utf8.count >= Self.chunkSize {
            Console.write(Array(text.utf8))
            text = ""
        }
    }

    /// Writes what is left.
    func finish() {
        Console.write(Array(rest().utf8))
    }

    private func rest() -> String {
        guard format == .table else { return text }
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

    /// A field quoted per RFC 4180 when it holds the delimiter, a quote, CR or LF.
    private func csvField(_ value: String) -> String {
        let needsQuotes = value.contains(csvDelimiter) || value.contains("\"") || value.contains("\n") || value.contains("\r")
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
