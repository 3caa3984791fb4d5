import OrderMailCore

/// What happened to an order; an order's status is its latest event (see ``OrderLifecycle``).
public enum EventType: String, Sendable, CaseIterable {
    /// Composed and printed or written, not sent.
    case draft
    /// The SMTP transaction is about to start.
    case sending
    /// The server accepted the message, or a person sent it by hand (`mark ID sent`).
    case sent
    /// The server or the network refused for now; sending again may work.
    case failedTemporary = "failed-temporary"
    /// The server refused for good.
    case failedPermanent = "failed-permanent"
    /// The connection ended after the whole message was handed over: the server may have it.
    case unknown
    /// Support asked a question: the order waits for the region.
    case needsInfo = "needs-info"
    /// 1177's support (or Inera, for bulk-TAK) confirmed the order.
    case confirmed
    /// 1177's support (or Inera) rejected the order.
    case rejected
    /// Set aside by the region: never sent, or failed and not to be retried.
    case discarded
    /// A bulk-TAK document sent through Inera's web form.
    case submitted
    /// An order placed before ordermail was used (or outside it), recorded from flags or a register.
    case recorded
    /// A case desk's receipt ("Ärende CS0012345 har registrerats"): support has the order and its
    /// case number is recorded; the answer is still to come.
    case acknowledged
    /// A person returned the order to waiting for support's answer (`mark ID awaiting`), after an
    /// answer was recorded on it wrongly.
    case awaiting
    /// Support's support answered by mail (imported): the order waits for the region to record the
    /// answer with `mark`.
    case replied
    /// A delivery status notification said the message was not delivered, for good (an unknown
    /// user, `5.1.1`, asks for the address to be fixed).
    case bounced
    /// A delivery status notification said delivery failed for now (a full mailbox, `5.2.2`, or a
    /// `4.x.x` status): `send ID` may send the same message again.
    case bouncedTemporary = "bounced-temporary"
    /// An automatic answer (out of office, a case system's receipt): not an answer, the status stays.
    case autoReply = "auto-reply"
    /// A read receipt, a delay notice or a delivery notice: kept as a note, the status stays.
    case notice = "note"
    /// A follow-up in the order's thread (`follow-up ID --reminder|--answer`) is about to be sent:
    /// the attempt, with the follow-up's bytes and Message-ID; the order's status stays.
    case followUp = "follow-up"
    /// The server accepted the follow-up; the status stays.
    case followUpSent = "follow-up-sent"
    /// The follow-up was not sent (refused, or failed for now); the status stays.
    case followUpFailed = "follow-up-failed"
    /// The connection ended after the whole follow-up was handed over: the server may have it.
    case followUpUnknown = "follow-up-unknown"
    /// A compliance check of captured `Update` requests ran (`check-updates`); its detail is the verdict.
    case checked
}

/// Which kind of document an order is.
public enum OrderKind: String, Sendable, CaseIterable {
    case whitelisting
    case bulkTAK = "bulk-tak"
    /// `check-updates`' evidence: what was checked and found, no personal data.
    case complianceCheck = "compliance-check"
    /// Care units activated for web booking in 1177: by e-mail to support in QA, recorded from the
    /// region's 1177 administration in production.
    case activation

    /// How an order of this kind reaches the other party; the lifecycle, sending, reply matching
    /// and `show` follow from it.
    public var channel: OrderChannel {
        switch self {
        case .whitelisting, .activation: .email
        case .bulkTAK: .webForm
        case .complianceCheck: .evidence
        }
    }

    /// Whether the order lists care units (`order_units`).
    public var listsUnits: Bool { self == .bulkTAK || self == .activation }
}

/// How an order reaches the other party.
public enum OrderChannel: Sendable {
    /// An e-mail to 1177's support, composed, sent and answered through ordermail.
    case email
    /// Documents sent through Inera's web form by a person.
    case webForm
    /// No order at all: evidence kept in the ledger.
    case evidence
}
