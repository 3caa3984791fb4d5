import ArgumentParser
import Foundation
import OrderMail

/// `ordermail follow-up`: a reminder, or the region's answer to support, in an order's thread.
struct FollowUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up",
        abstract: "Send a reminder, or an answer to support, in an order's thread.",
        discussion: """
            Composes a message in the order's thread from the follow-up templates, in the order's \
            language: a reply to support's latest message recorded on the order (a reply or a case \
            desk's receipt; its subject kept, with the case number), else to our order, with \
            In-Reply-To and References as a mail client writes them (the order's Message-ID and the \
            one the server gave it included). It goes to the order's own To: and Cc:, from its \
            contact. --reminder asks how an order that waits for support is going (sent, recorded, \
            acknowledged, awaiting); --answer --text-file F sends the text in F (UTF-8, at most 64 KiB), \
            such as the list of units support asked for. It is sent as send sends an order: every \
            local check first, then the attempt recorded as a follow-up event of the order with the \
            message and its Message-ID, then the SMTP transaction, then its outcome \
            (follow-up-sent, follow-up-failed, follow-up-unknown), with send's exit codes. The \
            order's status stays, except that an answer that went out returns a needs-info or replied \
            order to awaiting support. Support's replies to the follow-up match the order. \
            --dry-run prints the message and records nothing.
            """)

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Flag(help: "Ask support how the order is going.")
    var reminder = false

    @Flag(help: "Answer support (with --text-file).")
    var answer = false

    @Option(help: ArgumentHelp("With --answer: the answer's text (UTF-8).", valueName: "file"))
    var textFile: String?

    @Flag(help: "Print the follow-up as it would be sent; record and send nothing.")
    var dryRun = false

    @Flag(help: "Send although the order's previous follow-up's outcome is unknown.")
    var force = false

    @Flag(help: "Print the SMTP conversation on stderr (authentication redacted).")
    var verbose = false

    @OptionGroup var templates: TemplatesOption

    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard reminder != answer else {
            throw ValidationError("--reminder: give either --reminder or --answer --text-file FILE")
        }
        if answer, textFile == nil { throw ValidationError("--text-file: --answer needs the answer's text in a file") }
        if reminder, textFile != nil { throw ValidationError("--text-file: goes with --answer") }
    }

    func run() throws {
        let kind =
            try textFile.map { path throws(OrderMailError) in try FollowUpKind.answer(fromFile: path) } ?? .reminder
        let configuration = try common.configuration().overridden(by: try smtp.overrides())
        let ledger = try common.openExistingLedger(configuration)
        let templatesDirectory = try TemplateLocator.locate(
            explicit: templates.folder, environment: CommonOptions.environment,
            executablePath: CommandLine.executablePath)
        let followUp = try SendFollowUp.compose(
            kind, toOrder: id, in: ledger, templatesDirectory: templatesDirectory,
            environment: MessageEnvironment.system())
        if dryRun {
            Console.write(followUp.message.bytes)
            Console.note("not recorded or sent (--dry-run)")
            return
        }
        let sending = CommandLineSend(force: force, verbose: verbose)
        let settings = try sending.settings(configuration, sender: followUp.envelope.from)
        var use = SendFollowUp(ledger: ledger, transport: try sending.transport(settings), force: force)
        use.interrupted = { ProcessSignals.interrupted }
        use.beforeConnecting = { order, recipients in
            Console.note(
                "sending a \(kind.name) on order \(order) to \(recipients.map(\.address).joined(separator: ", "))")
        }
        let delivery = try use.send(followUp)
        try sending.report(
            delivery.outcome, recipients: delivery.recipients, messageID: delivery.messageID,
            inReplyTo: followUp.inReplyTo,
            command: "follow-up", subject: "order \(id)", sent: "a \(kind.name) on order \(id)", describe: Self.describe
        )
    }

    /// What went wrong with a follow-up, and what to do next.
    static func describe(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .unknown, .interrupted(afterData: true, _):
            "outcome unknown, the server may have the message (\(outcome.detail)); look for it in the team mailbox before sending another with --force"
        case .failedTemporarily, .interrupted(afterData: false, _):
            "not sent, try again later: \(outcome.detail)"
        case .accepted, .refusedPermanently, .authenticationFailed, .tlsFailed:
            CommandLineSend.describe(outcome, order: 0)
        }
    }
}
