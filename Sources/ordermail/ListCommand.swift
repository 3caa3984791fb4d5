import ArgumentParser
import Foundation
import OrderMail

extension ListFormat: ExpressibleByArgument {}
extension EventType: ExpressibleByArgument {}
extension OrderKind: ExpressibleByArgument {}
extension RegisterHeaders: ExpressibleByArgument {}

/// `ordermail list`: past orders with their current status.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List past orders with their current status, the most recently recorded first.",
        discussion: """
            Discarded orders are hidden unless --all or --status discarded. --awaiting lists what \
            still needs support's answer (sent, unknown, recorded; bulk-TAK orders submitted) or \
            the region's action (needs-info, replied, bounced, forgotten drafts), with its next step \
            and for how many days, leaving out a whitelisting order superseded by a later one for \
            the same HSA-id and environment; with --days N, the table ends with 'ordermail follow-up ID \
            --reminder' for each e-mail order that has waited N days or more for support (counted from its \
            latest event or follow-up). --format csv writes the register: \
            \(RegisterColumn.allCases.map(\.rawValue).joined(separator: ", ")), times as YYYY-MM-DD HH:MM \
            in local time (TZ, else Europe/Stockholm); record --from-csv reads it back. A ledger \
            that does not exist yet has no orders; list then creates nothing.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Only orders for this environment: qa or production.")
    var environment: String?

    @Option(name: .customLong("hsa-id"), help: "Only orders for this HSA-id (any case).")
    var hsaID: String?

    @Option(help: "Only orders whose current status is this; repeatable.")
    var status: [EventType] = []

    @Option(help: "Only orders of this kind.")
    var kind: OrderKind?

    @Option(help: "Only orders whose reference (the region's own case number) contains this text, in any case.")
    var reference: String?

    @Option(help: ArgumentHelp("Only bulk-TAK orders that list this unit (HSA-id, any case).", valueName: "hsa-id"))
    var unit: String?

    @Option(help: ArgumentHelp("Only orders created on or after this day (UTC).", valueName: "yyyy-mm-dd"))
    var since: String?

    @Option(help: ArgumentHelp("Only orders created on or before this day (UTC).", valueName: "yyyy-mm-dd"))
    var until: String?

    @Option(help: "At most this many orders.")
    var limit: Int?

    @Flag(help: "Only orders that wait for support's answer or for our action.")
    var awaiting = false

    @Option(
        help:
            "With --awaiting: only those whose latest event is at least this many days old; the table ends with the reminder to send for each that waits for support (ordermail follow-up ID --reminder)."
    )
    var days: Int?

    @Flag(help: "Include discarded orders.")
    var all = false

    @Option(
        help: "table (aligned, within 100 columns), json (JSON Lines) or csv (RFC 4180; with ; a UTF-8 BOM for Excel).")
    var format: ListFormat = .table

    @Option(help: "The CSV field separator: , or ; (for Excel in a Swedish locale).")
    var csvDelimiter: String = ","

    @Option(help: "The CSV header row's language: en (default) or sv; record --from-csv reads either.")
    var headers: RegisterHeaders?

    func validate() throws {
        if kind == .complianceCheck {
            throw ValidationError("--kind: compliance checks are not orders: ordermail checks list lists them")
        }
        if days != nil, !awaiting { throw ValidationError("--days: goes with --awaiting") }
        if let days, days < 0 { throw ValidationError("--days: must be 0 or more (example: 14)") }
        if let limit, limit < 1 { throw ValidationError("--limit: must be 1 or more (example: 20)") }
        if csvDelimiter != "," && csvDelimiter != ";" {
            throw ValidationError("--csv-delimiter: must be , or ; (example: ;)")
        }
        if csvDelimiter != ",", format != .csv { throw ValidationError("--csv-delimiter: goes with --format csv") }
        if headers != nil, format != .csv { throw ValidationError("--headers: goes with --format csv") }
    }

    func run() throws {
        let filter = try makeFilter()
        let configuration = try common.configuration()
        var output = OrderListWriter(
            format: format, csvDelimiter: csvDelimiter, headers: headers ?? .en,
            zone: configuration.displayZone(environment: CommonOptions.environment), awaiting: awaiting,
            sink: Console.write)
        guard let ledger = try common.openLedger(configuration, create: false) else {
            if format == .table {
                Console.note("no orders yet (no ledger at \(common.ledgerLocation(configuration).path))")
            } else {
                output.finish()
            }
            return
        }
        if awaiting, let days {
            output.reminderAfterDays = days
            output.latestFollowUps = try ledger.latestFollowUps()
        }
        try ledger.forEachSummary(filter, register: format == .csv) { output.add($0) }
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
        filter.kind = kind
        filter.statuses = Set(status)
        filter.includesDiscarded = all
        filter.reference = reference
        filter.unit = unit
        if awaiting {
            filter.awaitingSince = DateFormats.timestamp(Date().addingTimeInterval(-Double(days ?? 0) * 86_400))
        }
        filter.limit = limit
        return filter
    }
}
