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
            draft was sent by hand (from Outlook or a shared mailbox), with a --note on how, or \
            --from-message with the message saved from Sent Items (.eml or .msg): the Message-ID \
            Exchange gave it is kept, so that support's replies match. \
            submitted: a bulk-TAK document was sent through Inera's web form. awaiting: the order \
            waits for support's answer again, after an answer was recorded on it wrongly (an imported \
            reply that was not about it); --note says why. The ledger only grows: the wrong event \
            stays in the history, and list --awaiting shows the order again.
            """)

    /// What a person can record.
    enum Mark: String, CaseIterable, ExpressibleByArgument {
        case confirmed, rejected
        case needsInfo = "needs-info"
        case sent, submitted, awaiting

        var event: EventType {
            switch self {
            case .confirmed: .confirmed
            case .rejected: .rejected
            case .needsInfo: .needsInfo
            case .sent: .sent
            case .submitted: .submitted
            case .awaiting: .awaiting
            }
        }
    }

    @OptionGroup var common: CommonOptions

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Argument(
        help:
            "confirmed, rejected, needs-info, sent (by hand), submitted (bulk-TAK) or awaiting (support's answer again)."
    )
    var mark: Mark

    @Option(name: .customLong("case"), help: "Support's case number.")
    var supportCase: String?

    @Option(
        help: ArgumentHelp("With confirmed: when support says the whitelisting takes effect.", valueName: "yyyy-mm-dd"))
    var effective: String?

    @Option(help: "A note, such as what support wrote or asked, or how the order was sent.")
    var note: String?

    @Option(
        help: ArgumentHelp(
            "With sent: the message saved from Sent Items (.eml or .msg), whose Message-ID is kept.", valueName: "file")
    )
    var fromMessage: String?

    @Option(
        help: ArgumentHelp(
            "With confirmed on an activation order: support activated only the units in this list (a unit list, or one HSA-id a line).",
            valueName: "file"))
    var units: String?

    @Option(
        help: ArgumentHelp(
            "With confirmed on an activation order: support activated every unit but those in this list.",
            valueName: "file"))
    var except: String?

    func validate() throws {
        if effective != nil, mark != .confirmed { throw ValidationError("--effective: goes with confirmed") }
        if units != nil, except != nil { throw ValidationError("--except: give either --units or --except, not both") }
        if units != nil || except != nil, mark != .confirmed {
            throw ValidationError(
                "\(units != nil ? "--units" : "--except"): goes with confirmed (of an activation order)")
        }
        if mark == .needsInfo, note == nil {
            throw ValidationError("--note: needs-info needs a note saying what support asked")
        }
        if mark == .awaiting, note == nil {
            throw ValidationError("--note: awaiting needs a note saying why the recorded answer was wrong")
        }
        if fromMessage != nil, mark != .sent { throw ValidationError("--from-message: goes with sent") }
        if mark == .sent, note == nil, fromMessage == nil {
            throw ValidationError("--note: sent by hand needs a note saying how (for example: from the shared mailbox)")
        }
    }

    func run() throws {
        let request = MarkOrder.Mark(
            mark.event, supportCase: supportCase, note: note, effective: effective, fromMessage: fromMessage,
            units: units, except: except)
        _ = try MarkOrder.event(for: request)  // the texts, checked before the ledger is opened
        let some = try MarkOrder(ledger: try common.openExistingLedger()).record(request, onOrder: id)
        Console.write(Array("order \(id): \(mark.rawValue)\(some)\n".utf8))
    }
}
