import ArgumentParser
import Foundation
import OrderMail

/// `ordermail record`: records orders placed outside ordermail, from flags or a register.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an order placed outside ordermail (before the team used it), from flags or an exported register.",
        discussion: """
            The order is kept as 'recorded' (sent, no answer yet) or with support's answer \
            (--status), so that the QA-precedent and repeat guards know the team's history. \
            --from-csv reads a register exported from Excel: a header row with the columns \
            \(OrderRegister.columns.joined(separator: ", ")) (environment, hsa_id, system_name and \
            sent_at required; status sent, needs-info, confirmed or rejected; compliance_confirmed \
            yes for production), separated by ; or , in UTF-8 or Windows-1252. Every problem is \
            reported with its line, and then nothing is recorded. --activation records care units \
            activated outside ordermail (in production by the region's own 1177 administration): \
            --environment, --units FILE (the list activate reads), --activated-at and \
            --activated-by; the units are kept as an activation order confirmed on that day.
            """)

    @OptionGroup var order: WhitelistingOrderOptions
    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("When the order was sent.", valueName: "yyyy-mm-dd"))
    var sentAt: String?

    @Option(help: "The Message-ID it was sent with, if known.")
    var messageID: String?

    @Option(name: .customLong("case"), help: "Support's case number.")
    var supportCase: String?

    @Option(help: "What became of it: sent (no answer yet), needs-info, confirmed or rejected.")
    var status: EventType = .recorded

    @Flag(help: "Record it although the ledger already has an order for the same environment and HSA-id.")
    var force = false

    @Option(help: ArgumentHelp("Read the orders from this register (CSV) instead of flags.", valueName: "file"))
    var fromCSV: String?

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
            if activatedAt == nil { throw ValidationError("--activated-at: --activation needs the day the units were activated") }
            if activatedBy == nil { throw ValidationError("--activated-by: --activation needs who activated the units") }
            if fromCSV != nil || sentAt != nil { throw ValidationError("--activation: goes without --from-csv and --sent-at") }
            return
        }
        if units != nil || activatedAt != nil || activatedBy != nil {
            throw ValidationError("\(units != nil ? "--units" : activatedAt != nil ? "--activated-at" : "--activated-by"): goes with --activation")
        }
        if fromCSV != nil, !order.given.isEmpty || sentAt != nil {
            throw ValidationError("--from-csv: give either a register or the order's flags, not both")
        }
        if fromCSV == nil, sentAt == nil { throw ValidationError("--sent-at: when the order was sent is required") }
    }

    func run() throws {
        let configuration = try common.configuration()
        if activation { return try recordActivation(configuration) }
        var placed: [PlacedOrder]
        var problems: [String] = []
        if let fromCSV {
            (placed, problems) = try OrderRegister.read(fromCSV)
        } else {
            var request = try order.request()
            configuration.fillDefaults(of: &request)
            let sentAt: CalendarDate
            do { sentAt = try CalendarDate(parsing: self.sentAt ?? "", field: "sent-at") } catch {
                throw OrderMailError.invalidField(error, source: .commandLine)
            }
            placed = [PlacedOrder(request: request, sentAt: sentAt, messageID: messageID, supportCase: supportCase, status: status)]
        }
        for index in placed.indices { configuration.fillDefaults(of: &placed[index].request) }
        let existing = try common.openLedger(configuration, create: false)
        let today = MessageEnvironment.system().today
        let (valid, invalid) = RecordOrders.validate(placed, existing: existing, force: force, today: today)
        if fromCSV == nil, let first = invalid.first { throw first }
        problems += invalid.map(\.description)
        if placed.isEmpty, problems.isEmpty { throw OrderMailError.invalidData("record: \(fromCSV ?? "the register") holds no orders") }
        if !problems.isEmpty {
            problems.prefix(OrderRegister.problemLimit).forEach(Console.error)
            if problems.count > OrderRegister.problemLimit { Console.error("\(problems.count - OrderRegister.problemLimit) more problems") }
            throw OrderMailError.invalidData("record: \(problems.count) problems; nothing was recorded")
        }
        guard let ledger = try common.openLedger(configuration, create: true) else { return }
        let ids = try RecordOrders(ledger: ledger, addressing: configuration.addressing()).record(valid)
        Console.write(Array("recorded \(ids.count.counted("order")): \(ids.map(String.init).joined(separator: ", "))\n".utf8))
    }

    /// `record --activation`: every check first (the flags, the list), then one transaction.
    private func recordActivation(_ configuration: Configuration) throws {
        var request = ActivationOrderRequest()
        request.environment = order.environment.map { SourcedValue($0) }
        request.region = order.region.map { SourcedValue($0) }
        request.reference = order.reference.map { SourcedValue($0) }
        configuration.fillDefaults(of: &request)
        let fields = try RecordActivation.validate(
            request, activatedAt: activatedAt ?? "", activatedBy: activatedBy ?? "", today: MessageEnvironment.system().today)
        let list = try ActivationUnitList.read(path: units ?? "", environment: fields.environment)
        guard let ledger = try common.openLedger(configuration, create: true) else { return }
        let outcome = try RecordActivation(ledger: ledger).record(
            list, environment: fields.environment, date: fields.date, by: fields.by, region: fields.region, reference: fields.reference)
        outcome.notes.forEach(Console.note)
        Console.write(Array("recorded activation order \(outcome.orderID): \(outcome.unitCount.counted("unit")) activated in \(fields.environment.rawValue) on \(fields.date) by \(fields.by.value)\n".utf8))
    }
}
