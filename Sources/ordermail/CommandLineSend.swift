import Foundation
import OrderMail

/// The sending `send` and `activate --send` share: the settings and their warning, Ctrl-C handling
/// (the first SIGINT aborts the transfer and the outcome is recorded by how far it got), the
/// recipients before connecting, and one line for the outcome.
struct CommandLineSend {
    /// Send although the ledger would refuse a repeat (the command's override flag).
    var force: Bool
    /// Print the SMTP conversation on stderr.
    var verbose: Bool

    /// The SMTP settings for `sender`, with a warning when the connection is not encrypted.
    func settings(_ configuration: Configuration, sender: EmailAddress?) throws(OrderMailError) -> SMTPSettings {
        let settings = try configuration.smtpSettings(environment: CommonOptions.environment, envelopeSender: sender)
        if settings.tls == .none {
            Console.warning("tls = none: the message and any password cross the network in plain text")
        }
        return settings
    }

    /// The SMTP transport, stopping at the first Ctrl-C: from here on a SIGINT aborts the transfer.
    func transport(_ settings: SMTPSettings) throws(OrderMailError) -> SMTPMailTransport {
        try ProcessSignals.installInterruptFlag()
        let trace: ((String) -> Void)? = verbose ? { line in Console.note("smtp: " + line) } : nil
        return SMTPMailTransport(settings: settings, trace: trace, shouldStop: { ProcessSignals.interrupted })
    }

    /// The send use case over the SMTP server, stopping at the first Ctrl-C.
    func useCase(_ ledger: Ledger, _ settings: SMTPSettings) throws(OrderMailError) -> SendOrder {
        var use = SendOrder(ledger: ledger, transport: try transport(settings), force: force)
        use.interrupted = { ProcessSignals.interrupted }
        use.beforeConnecting = { order, recipients in
            Console.note("sending order \(order) to \(recipients.map(\.address).joined(separator: ", "))")
        }
        return use
    }

    /// Prints `sent <what> …` on stdout for a delivered order; otherwise says what went wrong and
    /// what to do next, ending the process as Ctrl-C would after an interrupt.
    func report(_ delivery: SendOrder.Delivery, sent what: String) throws(OrderMailError) {
        try report(
            delivery.outcome, recipients: delivery.recipients, messageID: delivery.messageID, command: "send",
            subject: "order \(delivery.orderID)", sent: what
        ) { Self.describe($0, order: delivery.orderID) }
    }

    /// The one outcome line of any send: on stdout `sent <what> to …` with the Message-ID (and the
    /// message it answers), or on stderr (after an interrupt, ending the process) or as the thrown
    /// error, `subject` and what `describe` says of the outcome.
    func report(
        _ outcome: DeliveryOutcome, recipients: [EmailAddress], messageID: String, inReplyTo: String? = nil,
        command: String,
        subject: String, sent what: String, describe: (DeliveryOutcome) -> String
    ) throws(OrderMailError) {
        let recipients = recipients.map(\.address).joined(separator: ", ")
        if case .interrupted = outcome {
            Console.error("\(command): \(subject) to \(recipients): \(describe(outcome))")
            ProcessSignals.endByInterrupt()
        }
        guard let failure = outcome.failureClass else {
            let answering = inReplyTo.map { ", in reply to <\($0)>" } ?? ""
            Console.write(
                Array("sent \(what) to \(recipients), Message-ID <\(messageID)>\(answering): \(outcome.detail)\n".utf8))
            return
        }
        throw .delivery("\(subject) to \(recipients): \(describe(outcome))", failure)
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
