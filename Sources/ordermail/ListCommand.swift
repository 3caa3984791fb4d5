import ArgumentParser
import Foundation
import OrderMail

extension ListFormat: ArgumentChoice {}

/// `ordermail list`: past orders with their current status.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List past orders with their current status, newest first.",
        discussion: "A ledger that does not exist yet has no orders; list then creates nothing.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Only orders for this environment: qa or production.")
    var environment: String?

    @Option(name: .customLong("hsa-id"), help: "Only orders for this HSA-id (any case).")
    var hsaID: String?

    @Option(help: "Only orders whose current status is this (draft, sending, sent, failed-temporary, failed-permanent, unknown, confirmed, rejected).")
    var status: [String] = []

    @Option(help: "Only orders of this kind: whitelisting or bulk-tak.")
    var kind: String?

    @Option(help: ArgumentHelp("Only orders created on or after this day (UTC).", valueName: "yyyy-mm-dd"))
    var since: String?

    @Option(help: ArgumentHelp("Only orders created on or before this day (UTC).", valueName: "yyyy-mm-dd"))
    var until: String?

    @Option(help: "At most this many orders.")
    var limit: Int?

    @Flag(help: "Only orders sent but neither confirmed nor rejected by support.")
    var awaiting = false

    @Option(help: "With --awaiting: only those sent at least this many days ago.")
    var days: Int?

    @Option(help: "table (aligned, within 100 columns), json (JSON Lines) or csv (RFC 4180).")
    var format: ListFormat = .table

    @Option(help: "The CSV field separator: , or ; (for Excel in a Swedish locale).")
    var csvDelimiter: String = ","

    func validate() throws {
        if days != nil, !awaiting { throw ValidationError("--days goes with --awaiting") }
        if let days, days < 0 { throw ValidationError("--days: must be 0 or more (example: 14)") }
        if let limit, limit < 1 { throw ValidationError("--limit: must be 1 or more (example: 20)") }
        if csvDelimiter != "," && csvDelimiter != ";" { throw ValidationError("--csv-delimiter: must be , or ; (example: ;)") }
    }

    func run() throws {
        let filter = try makeFilter()
        let configuration = try common.configuration()
        guard let ledger = try common.openLedger(configuration, create: false) else {
            if format == .table { Console.note("no orders yet (no ledger at \(common.ledgerLocation(configuration).path))") }
            if format != .table { OrderListWriter(format: format, csvDelimiter: csvDelimiter, sink: Console.write).finish() }
            return
        }
        var output = OrderListWriter(format: format, csvDelimiter: csvDelimiter, sink: Console.write)
        try ledger.forEachSummary(filter) { output.add($0) }
        output.finish()
    }

    private func makeFilter() throws(OrderMailError) -> OrderFilter {
        var filter = OrderFilter()
        do {
            filter.environment = try environment.map { text throws(FieldError) in try Environment(parsing: text) }
            filter.since = try since.map { text throws(FieldError) in try CalendarDate(parsing: text, field: "since") }
            filter.until = try until.map { text throws(FieldError) in try CalendarDate(parsing: text, field: "until") }
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
        filter.hsaID = hsaID
        if let kind {
            guard let parsed = OrderKind(rawValue: kind) else {
                throw .invalidField(FieldError(field: "kind", rule: "must be whitelisting or bulk-tak", example: "whitelisting"), source: .commandLine)
            }
            filter.kind = parsed
        }
        for name in status {
            guard let parsed = EventType(rawValue: name) else {
                let names = EventType.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidField(FieldError(field: "status", rule: "must be one of \(names)", example: "sent"), source: .commandLine)
            }
            filter.statuses.insert(parsed)
        }
        if awaiting {
            filter.awaitingSince = DateFormats.timestamp(Date().addingTimeInterval(-Double(days ?? 0) * 86_400))
        }
        filter.limit = limit
        return filter
    }
}
