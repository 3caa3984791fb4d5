import ArgumentParser
import Foundation
import OrderMail

/// `ordermail mark`: records what became of an order outside ordermail: support's answer, a send
/// by hand, a bulk-TAK submission.
struct MarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Record what became of an order: support's answer, a send by hand, a bulk-TAK submission.",
        discussion: """
            confirmed, rejected and needs-info record support's answer, on an order support could \
            have received (sent, unknown, recorded, needs-info or replied; a bulk-TAK order once submitted). \
            needs-info: support asked a question, and the order waits for the region. sent: the \
            draft was sent by hand (from Outlook or a shared mailbox), with a --note on how. \
            submitted: a bulk-TAK document was sent through Inera's web form.
            """)

    /// What a person can record.
    enum Mark: String, CaseIterable, ExpressibleByArgument {
        case confirmed, rejected
        case needsInfo = "needs-info"
        case sent, submitted

        var event: EventType {
            switch self {
            case .confirmed: .confirmed
            case .rejected: .rejected
            case .needsInfo: .needsInfo
            case .sent: .sent
            case .submitted: .submitted
            }
        }
    }

    @OptionGroup var common: CommonOptions

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Argument(help: "confirmed, rejected, needs-info, sent (by hand) or submitted (bulk-TAK).")
    var mark: Mark

    @Option(name: .customLong("case"), help: "Support's case number.")
    var supportCase: String?

    @Option(help: ArgumentHelp("With confirmed: when support says the whitelisting takes effect.", valueName: "yyyy-mm-dd"))
    var effective: String?

    @Option(help: "A note, such as what support wrote or asked, or how the order was sent.")
    var note: String?

    @Option(help: ArgumentHelp("With confirmed on an activation order: support activated only the units in this list (a unit list, or one HSA-id a line).", valueName: "file"))
    var units: String?

    @Option(help: ArgumentHelp("With confirmed on an activation order: support activated every unit but those in this list.", valueName: "file"))
    var except: String?

    func validate() throws {
        if effective != nil, mark != .confirmed { throw ValidationError("--effective: goes with confirmed") }
        if units != nil, except != nil { throw ValidationError("--except: give either --units or --except, not both") }
        if units != nil || except != nil, mark != .confirmed {
            throw ValidationError("\(units != nil ? "--units" : "--except"): goes with confirmed (of an activation order)")
        }
        if mark == .needsInfo, note == nil { throw ValidationError("--note: needs-info needs a note saying what support asked") }
        if mark == .sent, note == nil { throw ValidationError("--note: sent by hand needs a note saying how (for example: from the shared mailbox)") }
    }

    func run() throws {
        var event = EventDraft(type: mark.event)
        do {
            event.supportCase = try supportCase.map { text throws(FieldError) in try OrderText(text, field: "case", maximumLength: 100).value }
            event.note = try note.map { text throws(FieldError) in try OrderText(text, field: "note", maximumLength: 1000).value }
            event.effectiveDate = try effective.map { text throws(FieldError) in try CalendarDate(parsing: text, field: "effective").description }
        } catch {
            throw OrderMailError.invalidField(error, source: .commandLine)
        }
        if mark == .sent { event.detail = "sent by hand" }
        let listed = try (units ?? except).map { path throws(OrderMailError) in try ActivationAnswer.readHSAIDs(path: path) }
        let ledger = try common.openExistingLedger()
        var some = ""
        if let listed {
            guard let order = try ledger.order(id: id) else { throw OrderMailError.ledger("order: there is no order \(id)", .data) }
            guard order.kind == .activation else {
                throw OrderMailError.ledger("\(units != nil ? "--units" : "--except"): order \(id) is a \(order.kind.rawValue) order; only an activation order's answer names units", .data)
            }
            let orderUnits = try ledger.units(ofOrder: id)
            let chosen = try ActivationAnswer.units(of: id, orderUnits: orderUnits, named: listed, except: except != nil)
            if chosen.count < orderUnits.count {
                event.units = chosen
                some = " for \(chosen.count) of \(orderUnits.count.counted("unit"))"
            }
        }
        try ledger.append(event, toOrder: id, at: Date())
        Console.write(Array("order \(id): \(mark.rawValue)\(some)\n".utf8))
    }
}
