import ArgumentParser
import Foundation
import OrderMail

/// `ordermail send`: sends an order through the configured SMTP server and records the outcome.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a whitelisting order through the configured SMTP server.",
        discussion: """
            With order flags, composes the order exactly as compose does and sends it. With an ID, \
            sends the draft that compose stored, byte for byte, to exactly the To: and Cc: it holds, \
            after checking it against its SHA-256 and the hash chain. Every local check runs first; \
            then the attempt is recorded, in the same transaction as the status and repeat checks; \
            then the SMTP transaction; then its outcome. A new order for an environment and HSA-id \
            whose earlier order is sent, confirmed, being sent or of unknown outcome is refused \
            unless --force, and so is one from flags while a draft or failed order for them waits. \
            When the outcome is unknown (the connection ended after the whole message was handed \
            over), the server may have the message: check with support, then \
            'ordermail send --retry ID' re-sends the same bytes with the same Message-ID.
            """)

    @Argument(help: "Send the stored draft with this id instead of composing from flags.")
    var id: Int64?

    @Option(help: ArgumentHelp("Re-send order ID, whose outcome was unknown or a temporary failure, with the same bytes.", valueName: "id"))
    var retry: Int64?

    @OptionGroup var order: WhitelistingOrderOptions
    @OptionGroup var addressing: AddressingOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var common: CommonOptions

    @Flag(help: "Send even though an earlier order for the same environment and HSA-id stands, or one waits unsent.")
    var force = false

    @Option(help: ArgumentHelp(
        "Send a production order although its system's latest compliance check, this one, failed; recorded with the order.",
        valueName: "check-id"))
    var despiteFailedCheck: Int64?

    @Flag(help: "Print the SMTP conversation on stderr (authentication redacted).")
    var verbose = false

    @Option(help: "Folder of order templates (default: \(TemplateLocator.environmentVariable), then the installed or source-tree Templates).")
    var templates: String?

    func validate() throws {
        if id != nil, retry != nil { throw ValidationError("--retry: give either an ID or --retry ID, not both") }
        if let stored = id ?? retry {
            let changing = order.given + addressing.given + (templates == nil ? [] : ["--templates"])
                + (despiteFailedCheck == nil ? [] : ["--despite-failed-check"])
            if let flag = changing.first {
                throw ValidationError("\(flag): order \(stored) is sent as stored; compose a new order to change its recipients or content")
            }
        }
    }

    func run() throws {
        let smtpFlags = try smtp.overrides()
        let trace: ((String) -> Void)? = verbose ? { line in Console.note("smtp: " + line) } : nil
        let delivery: SendOrder.Delivery
        if let stored = id ?? retry {
            let configuration = try common.configuration().overridden(by: smtpFlags)
            let ledger = try common.openExistingLedger(configuration)
            let record = try SendOrder.sendableOrder(stored, in: ledger)
            let settings = try settings(configuration, sender: SendOrder.envelopeSender(of: record))
            delivery = try sendOrder(ledger, settings, trace).sendStored(record, retry: retry != nil)
        } else {
            let prepared = try PreparedOrder(
                order: order, common: common, addressing: addressing, overrides: smtpFlags, templates: templates,
                despiteFailedCheck: despiteFailedCheck)
            let composition = prepared.composition
            let settings = try settings(prepared.configuration, sender: prepared.envelopeSender)
            let ledger = try prepared.ledger(common)
            delivery = try sendOrder(ledger, settings, trace).sendNew(composition)
        }
        let recipients = delivery.recipients.map(\.address).joined(separator: ", ")
        if case .interrupted = delivery.outcome {
            Console.error("send: order \(delivery.orderID) to \(recipients): \(Self.describe(delivery.outcome, order: delivery.orderID))")
            ProcessSignals.endByInterrupt()
        }
        guard let failure = delivery.outcome.failureClass else {
            Console.write(Array("sent order \(delivery.orderID) to \(recipients), Message-ID <\(delivery.messageID)>: \(delivery.outcome.detail)\n".utf8))
            return
        }
        throw OrderMailError.delivery("order \(delivery.orderID) to \(recipients): \(Self.describe(delivery.outcome, order: delivery.orderID))", failure)
    }

    /// The use case over the SMTP server, stopping at the first Ctrl-C: from here on a SIGINT
    /// aborts the transfer, and the outcome is recorded by how far it got.
    private func sendOrder(_ ledger: Ledger, _ settings: SMTPSettings, _ trace: ((String) -> Void)?) throws(OrderMailError) -> SendOrder {
        try ProcessSignals.installInterruptFlag()
        let transport = SMTPMailTransport(settings: settings, trace: trace, shouldStop: { ProcessSignals.interrupted })
        var use = SendOrder(ledger: ledger, transport: transport, force: force)
        use.interrupted = { ProcessSignals.interrupted }
        use.beforeConnecting = Self.announce
        return use
    }

    /// The recipients, on stderr, before the connection opens.
    private static func announce(_ order: Int64, _ recipients: [EmailAddress]) {
        Console.note("sending order \(order) to \(recipients.map(\.address).joined(separator: ", "))")
    }

    private func settings(_ configuration: Configuration, sender: EmailAddress?) throws(OrderMailError) -> SMTPSettings {
        let settings = try configuration.smtpSettings(environment: CommonOptions.environment, envelopeSender: sender)
        if settings.tls == .none { Console.warning("tls = none: the message and any password cross the network in plain text") }
        return settings
    }

    /// What went wrong, and what to do next, for a delivery that did not succeed.
    static func describe(_ outcome: DeliveryOutcome, order: Int64) -> String {
        switch outcome {
        case .accepted(let reply): "sent: \(reply)"
        case .refusedPermanently(let reply): "refused by the server: \(reply)"
        case .failedTemporarily(let reason): "not sent, try again later: \(reason); then: ordermail send \(order)"
        case .unknown(let reason):
            "outcome unknown, the server may have the message: \(reason); check with support before 'ordermail send --retry \(order)'"
        case .authenticationFailed(let reply) where reply.contains("SendAsDenied"):
            "the server refused to send as this From: address (\(reply)): give the account Send As rights for that mailbox"
        case .authenticationFailed(let reply): "login refused: \(reply)"
        case .tlsFailed(let reason): "TLS failed: \(reason) (check smtp-url, tls and ca-file)"
        case .interrupted(afterData: false, let reason):
            "\(reason): nothing was delivered, the order is failed-temporary; send it with: ordermail send \(order)"
        case .interrupted(afterData: true, let reason):
            "\(reason): the server may have the message, the order's outcome is unknown; check with support before 'ordermail send --retry \(order)'"
        }
    }
}
