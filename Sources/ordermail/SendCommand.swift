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
            sends the draft that compose stored, byte for byte. The attempt is recorded before the \
            SMTP transaction starts and its outcome after. A second order for the same environment \
            and HSA-id whose earlier one is sent, confirmed or of unknown outcome is refused unless \
            --force. When the outcome is unknown (the connection ended after the whole message was \
            handed over), the server may have the message: check with support, then \
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

    @Flag(help: "Send even though an earlier order for the same environment and HSA-id was sent, confirmed or may have arrived.")
    var force = false

    @Flag(help: "Print the SMTP conversation on stderr (authentication redacted).")
    var verbose = false

    @Option(help: "Folder of order templates (default: \(TemplateLocator.environmentVariable), then the installed or source-tree Templates).")
    var templates: String?

    func validate() throws {
        if id != nil, retry != nil { throw ValidationError("give either an ID or --retry ID, not both") }
        if (id != nil || retry != nil), order.givesAnyField {
            throw ValidationError("an ID sends a stored order; leave out the order flags (or compose a new one)")
        }
    }

    func run() throws {
        let overrides = try smtp.overrides()
        let delivery: Delivery
        if let stored = id ?? retry {
            delivery = try storedDelivery(stored, overrides: overrides)
        } else {
            delivery = try newDelivery(overrides: overrides)
        }
        if delivery.settings.tls == .none {
            Console.warning("tls = none: the message and any password cross the network in plain text")
        }
        if delivery.needsSendingEvent {
            try delivery.ledger.append(EventDraft(type: .sending), toOrder: delivery.orderID, at: Date())
        }
        let trace: ((String) -> Void)? = verbose ? { line in Console.note("smtp: " + line) } : nil
        let ledger = delivery.ledger
        let orderID = delivery.orderID
        let outcome = try SMTPTransport.send(delivery.message, envelope: delivery.envelope, settings: delivery.settings, trace: trace)
        try ledger.append(EventDraft(type: outcome.event, detail: outcome.detail), toOrder: orderID, at: Date())
        let recipients = delivery.envelope.recipients.map(\.address).joined(separator: ", ")
        guard let failure = outcome.failureClass else {
            Console.write(Array("sent order \(delivery.orderID) to \(recipients), Message-ID <\(delivery.messageID)>: \(outcome.detail)\n".utf8))
            return
        }
        throw OrderMailError.delivery(
            "order \(delivery.orderID) to \(recipients): \(describe(outcome, order: delivery.orderID))", failure)
    }

    /// A new order from the flags, recorded before sending.
    private func newDelivery(overrides: Configuration) throws -> Delivery {
        let prepared = try PreparedOrder(
            order: order, common: common, addressing: addressing, overrides: overrides, templates: templates,
            outlookDraft: false)
        let composition = prepared.composition
        let envelope = SMTPEnvelope(
            from: composition.addressing.sender ?? composition.order.contact.email,
            recipients: composition.addressing.to + composition.addressing.cc)
        let settings = try prepared.configuration.smtpSettings(
            environment: ProcessEnvironment.variables, envelopeSender: envelope.from)
        let ledger = try prepared.ledger()
        try refuseRepeat(ledger, hsaID: composition.order.sourceSystem, environment: composition.order.environment, except: nil)
        // One commit records the order as being sent: the ledger's fsync is the costliest step here.
        let id = try ledger.record(prepared.newOrder, firstEvent: .sending, at: prepared.environment.now)
        return Delivery(
            ledger: ledger, orderID: id, message: composition.message.bytes, messageID: composition.message.messageID,
            envelope: envelope, settings: settings, needsSendingEvent: false)
    }

    /// A stored order: a draft for `send ID`, an unknown or temporarily failed one for `--retry ID`.
    private func storedDelivery(_ storedID: Int64, overrides: Configuration) throws -> Delivery {
        let configuration = try common.configuration().overridden(by: addressing.overrides()).overridden(by: overrides)
        let ledger = try common.openExistingLedger()
        guard let record = try ledger.order(id: storedID) else { throw OrderMailError.ledger("there is no order \(storedID)", .data) }
        let status = try ledger.events(ofOrder: storedID).last?.type ?? .draft
        let allowed: Set<EventType> = retry == nil ? [.draft, .failedTemporary, .failedPermanent] : [.unknown, .failedTemporary]
        guard allowed.contains(status) else {
            let hint = status == .unknown ? "; check with support, then use --retry \(storedID)" : ""
            throw OrderMailError.ledger("order \(storedID) is \(status.rawValue), so it cannot be sent this way\(hint)", .data)
        }
        if record.kind == .whitelisting, let environment = record.environment.flatMap(Environment.init(rawValue:)) {
            let hsaID = try HSAID(record.hsaID, policy: .engagementIndex)
            try refuseRepeat(ledger, hsaID: hsaID, environment: environment, except: storedID)
        }
        let sender = try record.sender.map { text throws(FieldError) in try EmailAddress(text, field: "sender") }
        let from = try sender ?? EmailAddress(record.contactEmail, field: "contact-email")
        let recipients = try (record.recipients.split(separator: ",") + record.copies.split(separator: ",")).map {
            text throws(FieldError) in try EmailAddress(text.trimmingCharacters(in: .whitespaces), field: "recipients")
        }
        let envelope = SMTPEnvelope(from: from, recipients: recipients)
        let settings = try configuration.smtpSettings(environment: ProcessEnvironment.variables, envelopeSender: from)
        return Delivery(
            ledger: ledger, orderID: storedID, message: record.message, messageID: record.messageID, envelope: envelope,
            settings: settings, needsSendingEvent: true)
    }

    /// Refuses a second order for the same environment and HSA-id while an earlier one stands.
    private func refuseRepeat(_ ledger: Ledger, hsaID: HSAID, environment: Environment, except: Int64?) throws {
        guard !force else { return }
        guard let earlier = try ledger.latestWhitelisting(
            hsaID: hsaID, environment: environment, statuses: [.sent, .confirmed, .unknown], excluding: except)
        else { return }
        let advice = earlier.status == .unknown
            ? "its outcome is unknown: check with support, then 'ordermail send --retry \(earlier.id)'"
            : "pass --force to order again"
        throw OrderMailError.ledger(
            "order \(earlier.id) for \(earlier.hsaID) in \(environment.rawValue) is already \(earlier.status.rawValue) (\(earlier.statusAt)); \(advice)",
            .data)
    }

    private func describe(_ outcome: DeliveryOutcome, order: Int64) -> String {
        switch outcome {
        case .accepted(let reply): "sent: \(reply)"
        case .refusedPermanently(let reply): "refused by the server: \(reply)"
        case .failedTemporarily(let reason): "not sent, try again later: \(reason)"
        case .unknown(let reason):
            "outcome unknown, the server may have the message: \(reason); check with support before 'ordermail send --retry \(order)'"
        case .authenticationFailed(let reply): "login refused: \(reply)"
        case .tlsFailed(let reason): "TLS failed: \(reason) (check smtp-url, tls and ca-file)"
        }
    }
}

/// Everything one send needs.
private struct Delivery {
    var ledger: Ledger
    var orderID: Int64
    var message: [UInt8]
    var messageID: String
    var envelope: SMTPEnvelope
    var settings: SMTPSettings
    /// A stored order gets its `sending` event now; a new one was recorded with it.
    var needsSendingEvent: Bool
}
