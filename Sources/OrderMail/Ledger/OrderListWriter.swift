import Foundation
import OrderMailCore

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
    /// Output is handed on once this many bytes wait.
    private static let chunkSize = 64 * 1024

    private let format: ListFormat
    private let csvDelimiter: String
    private let awaiting: Bool
    private let now: Date
    private let localMinutes: DateFormats.LocalMinutes
    private let zone: TimeZone
    private let sink: ([UInt8]) -> Void
    private var rows: [OrderSummary] = []
    /// With `awaiting`: the table ends with the command that reminds support of each e-mail order
    /// that has waited for them at least this many days, counted from its latest event or follow-up.
    public var reminderAfterDays: Int?
    /// When each order's latest follow-up was sent (``Ledger/latestFollowUps()``).
    public var latestFollowUps: [Int64: String] = [:]
    private var pending: [UInt8] = []

    /// A writer that hands its output to `sink`; `csvDelimiter` is `,` or `;`. With `awaiting`, the
    /// table says whom each order waits for and for how many days. The CSV is the register
    /// (``RegisterColumn``), its header row in `headers`' language; the table and the CSV show times
    /// in `zone`, JSON keeps UTC.
    public init(
        format: ListFormat, csvDelimiter: String = ",", headers: RegisterHeaders = .en,
        zone: TimeZone = DateFormats.localZone(),
        awaiting: Bool = false, now: Date = Date(), sink: @escaping ([UInt8]) -> Void
    ) {
        self.zone = zone
        self.format = format
        self.csvDelimiter = csvDelimiter
        self.awaiting = awaiting
        self.now = now
        localMinutes = DateFormats.LocalMinutes(zone: zone)
        self.sink = sink
        if format == .csv {
            // Swedish Excel reads a ;-separated file without a BOM as Windows-1252.
            let bom: [UInt8] = csvDelimiter == ";" ? [0xEF, 0xBB, 0xBF] : []
            pending =
                bom
                + Array(
                    (RegisterColumn.allCases.map { $0.name(headers) }.joined(separator: csvDelimiter) + "\r\n").utf8)
        }
    }

    /// Adds one order.
    public mutating func add(_ summary: OrderSummary) {
        switch format {
        case .table: rows.append(summary)
        case .json: Self.appendJSONLine(summary, to: &pending)
        case .csv:
            let fields = RegisterColumn.allCases.map { $0.value(of: summary, in: localMinutes) }
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
        sink(Array((table() + reminders()).utf8))
    }

    /// The orders to remind support of, each with its command; empty when none or not asked for.
    public func reminders() -> String {
        guard awaiting, let days = reminderAfterDays else { return "" }
        let due = rows.filter { row in
            guard row.kind.channel == .email, OrderLifecycle.remindable.contains(row.status) else { return false }
            let since = max(row.statusAt, latestFollowUps[row.id] ?? "")
            return DateFormats.date(fromTimestamp: since).map { now.timeIntervalSince($0) >= Double(days) * 86_400 }
                ?? false
        }
        guard !due.isEmpty else { return "" }
        return
            "\n\(due.count == 1 ? "1 order has" : "\(due.count) orders have") waited \(days) days or more for support; remind them with:\n"
            + due.map { "  ordermail follow-up \($0.id) --reminder\n" }.joined()
    }

    private func table() -> String {
        if rows.isEmpty { return "no orders\n" }
        var header = ["ID", "DATE", "KIND", "ENV", "HSA-ID", "SYSTEM", "STATUS"]
        if awaiting { header += ["WAITS FOR", "DAYS"] }
        // What needs our action comes first, a bounce before anything else.
        let ordered =
            awaiting
            ? rows.enumerated().sorted { lhs, rhs in
                let rank = { (status: EventType) in
                    status == .bounced || status == .bouncedTemporary
                        ? 0 : OrderLifecycle.awaiting(status) == .region ? 1 : 2
                }
                return (rank(lhs.element.status), lhs.offset) < (rank(rhs.element.status), rhs.offset)
            }.map(\.element) : rows
        let cells = ordered.map { row in
            var cells = [
                String(row.id), String(DateFormats.local(row.createdAt, in: zone).prefix(10)), row.kind.rawValue,
                row.environment ?? row.platform ?? "",
                row.hsaID, row.systemName, row.status.rawValue,
            ].map { TerminalText.escaped($0) }
            if awaiting {
                let days =
                    DateFormats.date(fromTimestamp: row.statusAt).map { Int(now.timeIntervalSince($0) / 86_400) } ?? 0
                cells += [OrderLifecycle.nextStep(row.status, kind: row.kind), String(days)]
            }
            return cells
        }
        var table = TextTable([header] + cells)
        // The system's name gives way, so that a line fits the terminal's width.
        let systemColumn = 5
        let others = table.widths.enumerated().filter { $0.offset != systemColumn }.map(\.element).reduce(0, +)
        table.widths[systemColumn] = max(
            6, min(table.widths[systemColumn], Self.tableWidth - others - 2 * (header.count - 1)))
        return table.lines.joined(separator: "\n") + "\n"
    }

    /// A field quoted per RFC 4180 when it holds the delimiter, a quote, CR or LF; one that starts
    /// with `=`, `+`, `-`, `@`, a tab or CR gets a leading `'`, so a spreadsheet never reads it as a
    /// formula (OWASP's rule against CSV injection).
    private func csvField(_ value: String) -> String { CSVWriter.field(value, delimiter: csvDelimiter) }

    /// One line of `--format json`: the order's fields, keys in alphabetical order.
    static func appendJSONLine(_ summary: OrderSummary, to bytes: inout [UInt8]) {
        var json = JSONLine(into: &bytes)
        json.member("createdAt", summary.createdAt, into: &bytes)
        json.member("environment", summary.environment, into: &bytes)
        json.member("hsaID", summary.hsaID, into: &bytes)
        json.member("id", summary.id, into: &bytes)
        json.member("kind", summary.kind.rawValue, into: &bytes)
        json.member("messageID", summary.messageID, into: &bytes)
        json.member("platform", summary.platform, into: &bytes)
        json.member("reference", summary.reference, into: &bytes)
        json.member("requestedDate", summary.requestedDate, into: &bytes)
        json.member("status", summary.status.rawValue, into: &bytes)
        json.member("statusAt", summary.statusAt, into: &bytes)
        json.member("supportCase", summary.supportCase, into: &bytes)
        json.member("systemName", summary.systemName, into: &bytes)
        json.finish(into: &bytes)
    }
}
