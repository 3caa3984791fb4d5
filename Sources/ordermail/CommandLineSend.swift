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
        if settings.tls == .none { Console.warning("tls = none: the message and any password cross the network in plain text") }
        return settings
    }

    /// The use case over the SMTP server, stopping at the first Ctrl-C.
    func useCase(_ ledger: Ledger, _ settings: SMTPSettings) throws(OrderMailError) -> SendOrder {
        try ProcessSignals.installInterruptFlag()
        let trace: ((String) -> Void)? = verbose ? { line in Console.note("smtp: " + line) } : nil
        let transport = SMTPMailTransport(settings: settings, trace: trace, shouldStop: { ProcessSignals.interrupted })
        var use = SendOrder(ledger: ledger, transport: transport, force: force)
        use.interrupted = { ProcessSignals.interrupted }
        use.beforeConnecting = { order, recipients in
            Console.note("sending order \(order) to \(recipients.map(\.address).joined(separator: ", "))")
        }
        return use
    }

    /// Prints `sent <what> …` on stdout for a delivered order; otherwise says what went wrong and
    /// what to do next, ending the process as Ctrl-C would after an interrupt.
    func report(_ delivery: SendOrder.Delivery, sent what: String) throws(OrderMailError) {
        let recipients = delivery.recipients.map(\.address).joined(separator: ", ")
        if case .interrupted = delivery.outcome {
            Console.error("send: order \(delivery.orderID) to \(recipients): \(Self.describe(delivery.outcome, order: delivery.orderID))")
            ProcessSignals.endByInterrupt()
        }
        guard let failure = delivery.outcome.failureClass else {
            Console.write(Array("sent \(what) to \(recipients), Message-ID <\(delivery.messageID)>: \(delivery.outcome.detail)\n".utf8))
            return
        }
        throw .delivery("order \(delivery.orderID) to \(recipients): \(Self.describe(delivery.outcome, order: delivery.orderID))", failure)
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
