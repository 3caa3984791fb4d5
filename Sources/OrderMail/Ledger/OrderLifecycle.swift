import OrderMailCore

/// The order's life: which event may follow which status. Every write to an order's history is
/// checked here, inside the transaction that writes it.
///
/// ```
/// whitelisting:  draft ─▶ sending ─▶ sent ─────────────▶ needs-info ─▶ confirmed | rejected
///                  │         ├─▶ failed-temporary ─┐         ▲
///                  │         ├─▶ failed-permanent ─┤ (send again, or discard)
///                  │         └─▶ unknown ──────────┴─────────┘ (support may have it; --retry)
///                  ├─▶ sent (by hand: mark ID sent)
///                  └─▶ discarded
///                recorded (placed before ordermail) ─▶ needs-info ─▶ confirmed | rejected
///                sent, unknown, recorded, needs-info ─▶ replied (mail imported) ─▶ confirmed | rejected
///                sent, unknown, recorded ─▶ acknowledged (a case desk's receipt) ─▶ replied | needs-info | …
///                unknown ─▶ sent (our copy arrived in the team mailbox)
///                replied, needs-info, acknowledged, confirmed, rejected, bounced ─▶ awaiting (mark ID awaiting)
///                sent, unknown, recorded ─▶ bounced ─▶ discarded (and a new order)
///                sent, unknown, recorded ─▶ bounced-temporary ─▶ sending (send ID: the same message again) | discarded
///                auto-reply and note events may come at any time: they leave the status
///                sent, recorded, acknowledged, awaiting, needs-info, replied ─▶ follow-up (follow-up ID),
///                then its outcome (follow-up-sent | follow-up-failed | follow-up-unknown): all leave the status
/// activation:    as whitelisting (an e-mail order); confirmed may name the units support activated
/// bulk-tak:      draft ─▶ submitted ─▶ confirmed | rejected;  draft ─▶ discarded
/// ```
public enum OrderLifecycle {
    /// Statuses in which support may have received a whitelisting order, so that its answer can be
    /// recorded.
    public static let answerable: Set<EventType> = [
        .sent, .unknown, .recorded, .acknowledged, .awaiting, .needsInfo, .replied,
    ]

    /// Support's answers: the register's `answered_at` is the time of the latest.
    public static let answers: Set<EventType> = [.needsInfo, .replied, .confirmed, .rejected]

    /// Events that record what arrived without changing the order's status.
    public static let informational: Set<EventType> = Set<EventType>([.autoReply, .notice]).union(followUps)

    /// A follow-up's attempt and its outcomes: messages we sent in the order's thread, which leave
    /// the order's status as it was.
    public static let followUps: Set<EventType> = [.followUp, .followUpSent, .followUpFailed, .followUpUnknown]

    /// Statuses in which a reminder may be sent: the order waits for support's answer (an order whose
    /// outcome is unknown is retried with `send --retry`, not reminded of).
    public static let remindable: Set<EventType> = [.sent, .recorded, .acknowledged, .awaiting]

    /// Statuses in which an answer to support may be sent in the order's thread.
    public static let followUpAnswerable: Set<EventType> = [
        .sent, .recorded, .acknowledged, .awaiting, .needsInfo, .replied,
    ]

    /// Statuses of an order support could have received, which a production order may cite as its
    /// QA precedent.
    public static let precedents: Set<EventType> = [
        .sent, .recorded, .acknowledged, .awaiting, .needsInfo, .replied, .confirmed,
    ]

    /// Statuses that stop a second order for the same environment and HSA-id (unless forced): one
    /// that reached support, or may have.
    public static let standing: Set<EventType> = [
        .sending, .sent, .unknown, .recorded, .acknowledged, .awaiting, .needsInfo, .replied, .confirmed,
    ]

    /// Statuses of an order that was never delivered and is still open: a new order from flags
    /// for the same environment and HSA-id is refused while one exists, so as not to make a second.
    public static let unsent: Set<EventType> = [.draft, .failedTemporary, .failedPermanent, .bouncedTemporary]

    /// Statuses for which `list --awaiting` shows an order, with whom it waits: a draft forgotten
    /// (never sent, never discarded) waits for us too.
    public static func awaiting(_ status: EventType) -> Party? {
        switch status {
        case .sent, .unknown, .recorded, .submitted, .acknowledged, .awaiting: .support
        case .needsInfo, .replied, .bounced, .bouncedTemporary, .draft: .region
        default: nil
        }
    }

    /// Who an order waits for.
    public enum Party: String, Sendable {
        case support
        case region = "us"
    }

    /// What an order needs next, for `list --awaiting` and the register's `next_step`; empty when
    /// nothing (confirmed, rejected, discarded).
    public static func nextStep(_ status: EventType, kind: OrderKind = .whitelisting) -> String {
        switch (status, kind) {
        case (.draft, .bulkTAK): "us: submit it through Inera's form (mark ID submitted), or discard it"
        case (.draft, _): "us: review and send it (send ID), or discard it"
        case (.sent, _), (.unknown, _), (.recorded, _), (.awaiting, _): "support's answer"
        case (.acknowledged, _): "support's answer (their receipt is recorded)"
        case (.submitted, _): "Inera's answer"
        case (.needsInfo, _): "us: answer support's question"
        case (.replied, _): "us: mark the answer"
        case (.bounced, _): "us: fix the address, order again"
        case (.bouncedTemporary, _): "us: send again (the bounce was temporary)"
        case (.failedTemporary, _), (.failedPermanent, _): "us: send again (send ID), or discard it"
        default: ""
        }
    }

    /// The informational event types as an SQL list, for the queries that find an order's status.
    static let informationalSQL = informational.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")

    /// Whether `event` may be appended to a `kind` order whose status is `status`.
    public static func allows(_ event: EventType, after status: EventType, kind: OrderKind) -> Bool {
        allowedPredecessors(of: event, kind: kind).contains(status)
    }

    /// The statuses `event` may follow.
    public static func allowedPredecessors(of event: EventType, kind: OrderKind) -> Set<EventType> {
        switch (kind.channel, event) {
        case (.email, .sending): [.draft, .failedTemporary, .failedPermanent, .unknown, .bouncedTemporary]
        // `sent` also after a draft or a failure: sent by hand (mark ID sent); after an unknown
        // outcome once our copy in the team mailbox proves the message went out.
        case (.email, .sent): [.sending, .draft, .failedTemporary, .failedPermanent, .unknown]
        case (.email, .failedTemporary), (.email, .failedPermanent), (.email, .unknown): [.sending]
        case (.email, .needsInfo), (.email, .confirmed), (.email, .rejected): answerable
        case (.email, .discarded): [.draft, .failedTemporary, .failedPermanent, .bounced, .bouncedTemporary]
        case (.email, .replied): answerable
        case (.email, .bounced), (.email, .bouncedTemporary):
            [.sent, .unknown, .recorded, .acknowledged, .awaiting, .needsInfo, .replied]
        case (.email, .acknowledged): [.sent, .unknown, .recorded, .acknowledged, .awaiting]
        case (.email, .awaiting):
            [.replied, .needsInfo, .acknowledged, .confirmed, .rejected, .bounced, .bouncedTemporary]
        // What arrived is kept whatever the status: it changes nothing.
        case (.email, .autoReply), (.email, .notice): Set(EventType.allCases)
        case (.email, .followUp): followUpAnswerable
        // A follow-up's outcome is recorded whatever an import recorded meanwhile.
        case (.email, .followUpSent), (.email, .followUpFailed), (.email, .followUpUnknown): Set(EventType.allCases)
        case (.webForm, .submitted): [.draft]
        case (.webForm, .confirmed), (.webForm, .rejected): [.submitted]
        case (.webForm, .discarded): [.draft]
        default: []
        }
    }

    /// Why `event` cannot follow `status`, for an error message.
    public static func refusal(_ event: EventType, after status: EventType, kind: OrderKind, order id: Int64) -> String
    {
        let allowed = allowedPredecessors(of: event, kind: kind).map(\.rawValue).sorted()
        guard !allowed.isEmpty else {
            return "order \(id) is a \(kind.rawValue) order: \(event.rawValue) is never recorded on one"
        }
        return "order \(id) is \(status.rawValue): \(event.rawValue) can be recorded only after "
            + allowed.joined(separator: ", ")
    }
}
