import ArgumentParser
import Foundation
import OrderMail

extension PlacedStatus: ExpressibleByArgument {}

/// `ordermail record`: records orders placed outside ordermail, from flags or a register.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract:
            "Record an order placed outside ordermail (before the team used it, or a colleague's), from flags or a register.",
        discussion: """
            The order is taken as it was: nothing is filled in from today's configuration but the \
            region (--region, which a register does not hold; contact, phone, copies are what the order had). It is kept as 'recorded' \
            (sent, no answer yet) or with support's answer (--status, --answered-at), so that the \
            QA-precedent and repeat guards know the team's history. --from-csv reads the register \
            list --format csv writes (English or Swedish headers: \
            \(RegisterColumn.allCases.map(\.rawValue).joined(separator: ", "))), separated by ; or , in \
            UTF-8 or Windows-1252, times YYYY-MM-DD HH:MM in local time. Rows that are not read back \
            (drafts, discarded and other unsent orders, bulk-TAK orders) are skipped with one line \
            each. Every problem of every row is reported with its line, and then nothing is recorded. \
            --activation records care units activated outside ordermail (in production by the \
            region's own 1177 administration): --environment, --units FILE (the list activate reads), \
            --activated-at and --activated-by; the units are kept as an activation order confirmed on that day.
            """)

    @OptionGroup var order: WhitelistingOrderOptions
    @OptionGroup var common: CommonOptions

    @Option(
        help: ArgumentHelp(
            "When the order was sent, local time (TZ, else Europe/Stockholm).", valueName: "yyyy-mm-dd [hh:mm]"))
    var sentAt: String?

    @Option(help: ArgumentHelp("When support's answer (--status) came, local time.", valueName: "yyyy-mm-dd [hh:mm]"))
    var answeredAt: String?

    @Option(
        help: ArgumentHelp(
            "With --status confirmed: when support says the whitelisting takes effect.", valueName: "yyyy-mm-dd"))
    var effective: String?

    @Option(help: "The Message-ID it was sent with, if known.")
    var messageID: String?

    @Option(name: .customLong("case"), help: "Support's case number.")
    var supportCase: String?

    @Option(help: "What became of it (default: sent, no answer yet).")
    var status: PlacedStatus = .sent

    @Flag(
        help:
            "Record it although the ledger (or the register) already has an order for the same environment and HSA-id.")
    var force = false

    @Option(help: ArgumentHelp("Read the orders from this register (CSV) instead of flags.", valueName: "file"))
    var fromCSV: String?

    @Option(
        help: ArgumentHelp(
            "Read the order from the message saved from Sent Items (.eml, or .msg from Outlook): its Message-ID, date, recipients and fields.",
            valueName: "file"))
    var fromMessage: String?

    @Flag(help: "Record care units activated outside ordermail (production: by the region's own 1177 administration).")
    var activation = false

    @Option(help: ArgumentHelp("With --activation: the units activated (CSV, as activate reads).", valueName: "file"))
    var units: String?

    @Option(help: ArgumentHelp("With --activation: the day the units were activated.", valueName: "yyyy-mm-dd"))
    var activatedAt: String?

    @Option(help: "With --activation: who activated them (a person, or the region's 1177 administration).")
    var activatedBy: String?

    func validate() throws {
        if activation {
            if units == nil { throw ValidationError("--units: --activation needs the list of units activated") }
            if activatedAt == nil {
                throw ValidationError("--activated-at: --activation needs the day the units were activated")
            }
            if activatedBy == nil {
                throw ValidationError("--activated-by: --activation needs who activated the units")
            }
            if fromCSV != nil || fromMessage != nil || sentAt != nil {
                throw ValidationError("--activation: goes without --from-csv, --from-message and --sent-at")
            }
            return
        }
        if units != nil || activatedAt != nil || activatedBy != nil {
            throw ValidationError(
                "\(units != nil ? "--units" : activatedAt != nil ? "--activated-at" : "--activated-by"): goes with --activation"
            )
        }
        if let fromMessage {
            if fromCSV != nil { throw ValidationError("--from-message: give either a register or a message, not both") }
            if let flag = order.given.first(where: { $0 != "--region" })
                ?? (sentAt == nil ? messageID.map { _ in "--message-id" } : "--sent-at")
            {
                throw ValidationError(
                    "\(flag): the order, its date and Message-ID come from \(fromMessage); only --region, --status, --answered-at, --effective and --case go with it"
                )
            }
            return
        }
        if fromCSV != nil,
            !order.given.filter({ $0 != "--region" }).isEmpty || sentAt != nil || answeredAt != nil || effective != nil
        {
            throw ValidationError(
                "--from-csv: give either a register or the order's flags (only --region goes with a register), not both"
            )
        }
        if fromCSV == nil, sentAt == nil { throw ValidationError("--sent-at: when the order was sent is required") }
    }

    func run() throws {
        let configuration = try common.configuration()
        if activation { return try recordActivation(configuration) }
        let zone = DateFormats.localZone()
        let placed = try placedOrders(configuration, zone: zone)
        let existing = try common.openLedger(configuration, create: false)
        let (valid, problems) = RecordOrders.validate(placed, existing: existing, force: force, now: Date(), zone: zone)
        if fromCSV == nil, fromMessage == nil, let first = problems.first { throw first }
        if placed.isEmpty, problems.isEmpty {
            Console.note("record: \(fromCSV ?? "the register") holds no order to record")
            return
        }
        if !problems.isEmpty {
            problems.prefix(OrderRegister.problemLimit).map(\.description).forEach(Console.error)
            if problems.count > OrderRegister.problemLimit {
                Console.error("\(problems.count - OrderRegister.problemLimit) more problems")
            }
            throw OrderMailError.invalidData("record: \(problems.count) problems; nothing was recorded")
        }
        let ids = try RecordOrders(ledger: try common.ledger(existing: existing, configuration)).record(valid)
        Console.write(
            Array("recorded \(ids.count.counted("order")): \(ids.map(String.init).joined(separator: ", "))\n".utf8))
    }

    /// The orders the flags describe: a register's rows, a saved message, or one order from flags.
    /// The region is the team's own; nothing else comes from today's configuration.
    private func placedOrders(_ configuration: Configuration, zone: TimeZone) throws -> [PlacedOrder] {
        var defaults = WhitelistingOrderRequest()
        configuration.fillDefaults(of: &defaults)
        var request = try order.request()
        if request.region == nil { request.region = defaults.region }
        if let fromCSV {
            let contents = try OrderRegister.read(fromCSV, zone: zone, region: request.region)
            contents.skipped.forEach(Console.note)
            return contents.orders
        }
        let effectiveDate = try effective.map(PlacedOrder.effectiveDate)
        let answeredAt = try answeredAt.map { text throws(OrderMailError) in
            try PlacedOrder.localTime(text, field: "answered-at", zone: zone)
        }
        if let fromMessage {
            var saved = try SavedOrderMessage.read(fromMessage, region: request.region)
            saved.status = status
            saved.supportCase = supportCase
            saved.effectiveDate = effectiveDate
            if let answeredAt { saved.answeredAt = answeredAt }
            return [saved]
        }
        let sentAt = try sentAt.map { text throws(OrderMailError) in
            try PlacedOrder.localTime(text, field: "sent-at", zone: zone)
        }
        return [
            PlacedOrder(
                request: request, sentAt: sentAt, answeredAt: answeredAt, effectiveDate: effectiveDate,
                messageID: messageID,
                supportCase: supportCase, status: status)
        ]
    }

    private func recordActivation(_ configuration: Configuration) throws {
        var request = ActivationOrderRequest()
        request.environment = order.environment.map { SourcedValue($0) }
        request.region = order.party.region.map { SourcedValue($0) }
        request.reference = order.reference.map { SourcedValue($0) }
        configuration.fillDefaults(of: &request)
        let fields = try RecordActivation.validate(
            request, activatedAt: activatedAt ?? "", activatedBy: activatedBy ?? "",
            today: MessageEnvironment.system().today)
        let list = try ActivationUnitList.read(path: units ?? "", environment: fields.environment)
        let ledger = try common.ledger(existing: nil, configuration)
        let outcome = try RecordActivation(ledger: ledger).record(
            list, environment: fields.environment, date: fields.date, by: fields.by, region: fields.region,
            reference: fields.reference)
        outcome.notes.forEach(Console.note)
        Console.write(
            Array(
                "recorded activation order \(outcome.orderID): \(outcome.unitCount.counted("unit")) activated in \(fields.environment.rawValue) on \(fields.date) by \(fields.by.value)\n"
                    .utf8))
    }
}
