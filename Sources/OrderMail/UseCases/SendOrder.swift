import Foundation
import OrderMailCore

/// Sends a whitelisting order and keeps its life on record, in four steps: every local check;
/// then, in one `BEGIN IMMEDIATE` transaction, the order's status, the repeat guard and the
/// `sending` event (so two people sharing a ledger cannot both send it); then the SMTP
/// transaction; then its outcome.
public struct SendOrder {
    public var ledger: Ledger
    /// The server, resolved and checked (password read, files present) before this use case runs.
    public var transport: any MailTransport
    /// Send although an order for the same environment and HSA-id stands (or waits unsent).
    public var force = false
    /// Send a new activation order although one of its units waits in another unsent order
    /// (`activate --despite-unsent-order`); a unit activated or with support still stops it.
    public var despiteUnsentOrder = false
    /// The clock.
    public var now: () -> Date = Date.init
    /// Asked before anything is written: true (the user pressed Ctrl-C) stops the send unrecorded.
    public var interrupted: () -> Bool = { false }
    /// Told the order's id and the envelope's recipients after every local check and before the
    /// connection is opened, so that a user sees where the message goes before it does.
    public var beforeConnecting: ((Int64, [EmailAddress]) -> Void)?

    public init(ledger: Ledger, transport: any MailTransport, force: Bool = false) {
        self.ledger = ledger
        self.transport = transport
        self.force = force
    }

    /// Through the SMTP server in `settings`.
    public init(ledger: Ledger, settings: SMTPSettings, force: Bool = false, trace: ((String) -> Void)? = nil) {
        self.init(ledger: ledger, transport: SMTPMailTransport(settings: settings, trace: trace), force: force)
    }

    /// What one send did.
    public struct Delivery: Sendable {
        public var orderID: Int64
        public var messageID: String
        public var recipients: [EmailAddress]
        public var outcome: DeliveryOutcome
    }

    /// Sends a stored order (from ``sendableOrder(_:in:)``) byte for byte: a draft or a failed
    /// order, or with `retry` one whose outcome is unknown (or that failed for now), once support
    /// has said they did not get it.
    public func sendStored(_ record: OrderRecord, retry: Bool) throws(OrderMailError) -> Delivery {
        let id = record.id
        if let problem = try ledger.integrityProblem(ofOrder: id) {
            throw .ledger("\(problem); nothing was sent: run ordermail ledger verify", .data)
        }
        let envelope = try StoredEnvelope.read(record.message, order: id)
        try SMTPTransport.checkEnvelope(envelope)
        let hsaID: HSAID?
        if record.kind == .whitelisting {
            do { hsaID = try HSAID(record.hsaID, policy: .engagementIndex) } catch {
                throw .ledger(
                    "order \(id): its HSA-id \(Quoted(record.hsaID)) is unreadable; run ordermail ledger verify", .data)
            }
        } else {
            hsaID = nil
        }
        let environment = record.environment.flatMap(Environment.init(rawValue:))
        try refuseIfInterrupted()
        try ledger.inOneTransaction { () throws(OrderMailError) in
            let status = try ledger.status(ofOrder: id, at: now())
            let allowed: Set<EventType> =
                retry ? [.unknown, .failedTemporary] : [.draft, .failedTemporary, .failedPermanent, .bouncedTemporary]
            guard allowed.contains(status) else { throw .ledger(Self.refusal(id, status: status, retry: retry), .data) }
            if let environment, let hsaID { try refuseStanding(hsaID: hsaID, environment: environment, except: id) }
            if let environment, record.kind == .activation {
                let units = try ledger.units(ofOrder: id).map { HSAIDAnalysis.upperCased($0.hsaID) }
                try refuseStandingUnits(units, environment: environment, except: id, includingUnsent: false)
            }
            try ledger.append(EventDraft(type: .sending, attempt: attempt()), toOrder: id, at: now())
        }
        return try transmit(record.message, orderID: id, messageID: record.messageID, envelope: envelope)
    }

    /// Stored order `id`, when it is one that goes by e-mail (a whitelisting or activation order):
    /// checked before anything else, the server's settings included.
    public static func sendableOrder(_ id: Int64, in ledger: Ledger) throws(OrderMailError) -> OrderRecord {
        guard let record = try ledger.order(id: id) else { throw .ledger("order: there is no order \(id)", .data) }
        guard !(record.kind.channel == .email && record.message.isEmpty) else {
            throw .ledger(
                "order \(id) was placed outside ordermail (recorded): there is no stored message to send", .data)
        }
        guard record.kind.channel == .email else {
            throw .ledger(
                "order \(id) is a \(record.kind.rawValue) order, which goes to Inera through its web form, not by e-mail; once submitted, record it with: ordermail mark \(id) submitted",
                .data)
        }
        return record
    }

    /// The envelope sender of a stored order: its technical sender, else its contact; nil when the
    /// stored address is unreadable (the settings then decide).
    public static func envelopeSender(of record: OrderRecord) -> EmailAddress? {
        try? EmailAddress(record.sender ?? record.contactEmail, field: "from")
    }

    /// Records the order `composition` describes and sends it. Refused when an order for the same
    /// environment and HSA-id waits unsent (send or discard that one) or stands, unless forced.
    public func sendNew(_ composition: WhitelistingComposition) throws(OrderMailError) -> Delivery {
        let envelope = SMTPEnvelope(
            from: composition.addressing.sender ?? composition.order.contact.email,
            recipients: composition.addressing.to + composition.addressing.cc)
        try SMTPTransport.checkEnvelope(envelope)
        let order = composition.order
        try refuseIfInterrupted()
        let id = try ledger.inOneTransaction { () throws(OrderMailError) in
            if !force,
                let unsent = try ledger.latestWhitelisting(
                    hsaID: order.sourceSystem, environment: order.environment, statuses: OrderLifecycle.unsent,
                    at: now())
            {
                throw .ledger(Self.unsentRefusal(unsent), .data)
            }
            try refuseStanding(hsaID: order.sourceSystem, environment: order.environment, except: nil)
            let new = NewOrder.whitelisting(composition)
            return try ledger.record(new, events: [EventDraft(type: .sending, attempt: attempt())], at: now())
        }
        return try transmit(
            composition.message.bytes, orderID: id, messageID: composition.message.messageID, envelope: envelope)
    }

    /// Records the activation order `composition` describes and sends it. Refused when one of its
    /// units is, by now, activated or with support in another order (someone on the team sent one
    /// since it was composed), or waits unsent in another order, unless ``despiteUnsentOrder``.
    public func sendNew(_ composition: ActivationComposition) throws(OrderMailError) -> Delivery {
        let envelope = SMTPEnvelope(
            from: composition.addressing.sender ?? composition.order.contact.email,
            recipients: composition.addressing.to + composition.addressing.cc)
        try SMTPTransport.checkEnvelope(envelope)
        let id = try ledger.inOneTransaction { () throws(OrderMailError) in
            try refuseStandingUnits(
                composition.order.units.map(\.hsaID.normalized), environment: composition.order.environment,
                except: nil,
                includingUnsent: true)
            return try ledger.record(
                composition.newOrder, events: [EventDraft(type: .sending, attempt: attempt())], at: now())
        }
        return try transmit(
            composition.message.bytes, orderID: id, messageID: composition.message.messageID, envelope: envelope)
    }

    /// Refuses to send an activation order while one of `units` is activated or with support in
    /// another order, unless forced (`send ID --force`); or, for a new order (`activate --send`, as
    /// for a whitelisting order), waits in another unsent one, unless ``despiteUnsentOrder``.
    private func refuseStandingUnits(_ units: [String], environment: Environment, except: Int64?, includingUnsent: Bool)
        throws(OrderMailError)
    {
        guard !force else { return }
        let activations = try ledger.unitActivations(environment: environment, at: now())
        let unsentStops = includingUnsent && !despiteUnsentOrder
        for unit in units {
            guard
                let other = activations[unit]?.first(where: { activation in
                    activation.orderID != except && activation.state != .notActivated
                        && (unsentStops || activation.state != .unsent)
                })
            else { continue }
            let advice =
                other.state == .unsent
                ? "send it with 'ordermail send \(other.orderID)' or set it aside with 'ordermail discard \(other.orderID)' (or pass --despite-unsent-order)"
                : includingUnsent
                    ? "run activate again to leave it out" : "compose the order again to leave it out (or pass --force)"
            throw .ledger(
                "\(unit) is \(other.state == .activated ? "activated" : other.state == .unsent ? "in an unsent order" : "with support") in \(environment.rawValue) by \(other.description): \(advice)",
                .data)
        }
    }

    /// The SMTP transaction, then its outcome on record. A transport that throws has sent nothing:
    /// that is a temporary failure, never a `sending` left open (which would later read as unknown).
    private func transmit(_ message: [UInt8], orderID: Int64, messageID: String, envelope: SMTPEnvelope)
        throws(OrderMailError) -> Delivery
    {
        beforeConnecting?(orderID, envelope.recipients)
        let outcome = transport.deliver(message, envelope: envelope)
        try ledger.append(
            Self.outcomeEvent(outcome, type: Self.event(for: outcome), ours: messageID), toOrder: orderID, at: now())
        return Delivery(orderID: orderID, messageID: messageID, recipients: envelope.recipients, outcome: outcome)
    }

    /// The event of `type` that records `outcome`, with the Message-ID the server gave the message
    /// (instead of ours, `messageID`) when it says so in its acceptance.
    static func outcomeEvent(_ outcome: DeliveryOutcome, type: EventType, ours messageID: String) -> EventDraft {
        var event = EventDraft(type: type, detail: outcome.detail)
        if case .accepted(let reply) = outcome { event.serverMessageID = assignedMessageID(in: reply, ours: messageID) }
        return event
    }

    /// The ledger event that records `outcome`.
    public static func event(for outcome: DeliveryOutcome) -> EventType {
        switch outcome {
        case .accepted: .sent
        case .refusedPermanently, .authenticationFailed, .tlsFailed: .failedPermanent
        case .failedTemporarily, .interrupted(afterData: false, _): .failedTemporary
        case .unknown, .interrupted(afterData: true, _): .unknown
        }
    }

    private func refuseIfInterrupted() throws(OrderMailError) {
        if interrupted() { throw .delivery("send: interrupted before anything was recorded or sent", .temporary) }
    }

    private func attempt() -> SendingAttempt { SendingAttempt.current(timeout: transport.timeout, now: now()) }

    /// Refuses a send while an order for the same environment and HSA-id reached support, or may have.
    private func refuseStanding(hsaID: HSAID, environment: Environment, except: Int64?) throws(OrderMailError) {
        guard !force,
            let earlier = try ledger.latestWhitelisting(
                hsaID: hsaID, environment: environment, statuses: OrderLifecycle.standing, excluding: except, at: now())
        else { return }
        let advice =
            switch earlier.status {
            case .unknown: "its outcome is unknown: check with support, then 'ordermail send --retry \(earlier.id)'"
            case .sending: "it is being sent now"
            default: "pass --force to order again"
            }
        throw .ledger(
            "order \(earlier.id) for \(earlier.hsaID) in \(environment.rawValue) is already \(earlier.status.rawValue) (\(earlier.statusAt)); \(advice)",
            .data)
    }

    private static func unsentRefusal(_ unsent: OrderSummary) -> String {
        let command =
            switch unsent.status {
            case .draft: "send it with 'ordermail send \(unsent.id)'"
            case .failedTemporary: "send it again with 'ordermail send --retry \(unsent.id)'"
            default: "send it again with 'ordermail send \(unsent.id)' once the cause is fixed"
            }
        return
            "order \(unsent.id) for \(unsent.hsaID) in \(unsent.environment ?? "") is \(unsent.status.rawValue) (\(unsent.statusAt)): \(command), or set it aside with 'ordermail discard \(unsent.id)' (or pass --force)"
    }

    private static func refusal(_ id: Int64, status: EventType, retry: Bool) -> String {
        switch status {
        case .unknown:
            "order \(id)'s outcome is unknown (the server may have it): check with support, then 'ordermail send --retry \(id)'"
        case .sending: "order \(id) is being sent now"
        case .draft, .failedPermanent, .bouncedTemporary:
            "order \(id) is \(status.rawValue): send it with 'ordermail send \(id)'; --retry is for an unknown outcome"
        case .bounced:
            "order \(id) bounced for good (such as an unknown user, 5.1.1): fix the address and order again (ordermail discard \(id), then a new order)"
        default: "order \(id) is \(status.rawValue), so it cannot be sent\(retry ? " again" : "")"
        }
    }

    /// The Message-ID a server such as Exchange Online says it gave the message in its reply to
    /// DATA (`250 2.0.0 OK <id@host> [Hostname=…]`), when it is not ours.
    static func assignedMessageID(in reply: String, ours: String) -> String? {
        guard let open = reply.firstIndex(of: "<"), let close = reply[open...].firstIndex(of: ">") else { return nil }
        let id = String(reply[reply.index(after: open)..<close])
        guard id.contains("@"), id != ours, !id.contains(where: { $0 == " " || $0 == "<" }) else { return nil }
        return id
    }
}
