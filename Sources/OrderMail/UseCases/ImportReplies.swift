import Foundation
import OrderMailCore
import OrderMailMailFormat

/// Brings support's mail back into the ledger: each message is read, classified, matched to its
/// order (never guessed) and recorded as an event, once; a message seen before (by Message-ID,
/// else by SHA-256) records nothing new.
///
/// A state changes only on evidence that fits: our own copy (in the team mailbox) proves a send and
/// records no answer; a reply or receipt counts from support's addresses, or when it quotes the
/// order's Message-ID, never from the region's own addresses (unless it forwards support's message);
/// a bounce counts from a mail system. Anything else that matches an order is kept as a note on it.
public struct ImportReplies {
    public var ledger: Ledger
    /// Finds support's case numbers in subjects and bodies (the configuration's `case-pattern`).
    public var casePattern: CasePattern?
    /// Whose mail may change an order's state.
    public var senders = SenderRules()
    /// Recognises a case desk's receipts; nil: none are recognised.
    public var acknowledgement: Acknowledgement? = try? Acknowledgement()
    /// Match and report, but record nothing.
    public var dryRun = false
    public var now: () -> Date = Date.init

    public init(ledger: Ledger, casePattern: CasePattern?, dryRun: Bool = false) {
        self.ledger = ledger
        self.casePattern = casePattern
        self.dryRun = dryRun
    }

    /// What became of one message.
    public enum Outcome: Equatable, Sendable {
        /// Recorded on `order` as `event`, matched at `step`; `because` says why a message that
        /// matched was kept as a note only.
        case recorded(
            order: Int64, event: EventType, kind: String, step: MatchStep, caseNumber: String?, because: String? = nil)
        /// Our own copy of `order`: no answer; `event` is what it proved (`sent` for an order whose
        /// outcome was unknown, a note that learnt the server's Message-ID), or nil.
        case ownCopy(order: Int64, event: EventType?, how: String)
        /// The same message was recorded before, on `order`.
        case alreadyRecorded(order: Int64)
        /// Matched no order, or several: left alone.
        case unmatched(String)
        /// Not readable mail.
        case unreadable(OrderMailError)
        /// Not read, for the reason given (too large to fetch).
        case skipped(String)
    }

    /// Totals of a batch.
    public struct Summary: Equatable, Sendable {
        public var recorded = 0
        public var alreadyRecorded = 0
        public var unmatched = 0
        public var unreadable = 0
        public var skipped = 0
        /// Our own copies (recorded as proof of sending, or not at all).
        public var ownCopies = 0

        mutating func count(_ outcome: Outcome) {
            switch outcome {
            case .recorded: recorded += 1
            case .ownCopy: ownCopies += 1
            case .alreadyRecorded: alreadyRecorded += 1
            case .unmatched: unmatched += 1
            case .unreadable: unreadable += 1
            case .skipped: skipped += 1
            }
        }
    }

    /// What a batch reads once: the matcher over every order, and the orders by their contact.
    private struct Context {
        var matcher: ReplyMatcher
        var ordersByContact: [String: [Int64]]
        /// Each order's traits, read from the ledger once per batch.
        var traits: [Int64: OwnOrderTraits?] = [:]
    }

    private func context() throws(OrderMailError) -> Context {
        Context(
            matcher: ReplyMatcher(candidates: try candidates(), casePattern: casePattern),
            ordersByContact: try ledger.composedOrdersByContact())
    }

    /// Imports every message `items` yields, handing each outcome to `report`; an unreadable
    /// message is reported and the rest of the batch goes on.
    public func importAll(_ items: some Sequence<MailItem>, report: (String, Outcome) -> Void) throws(OrderMailError)
        -> Summary
    {
        var context = try context()
        var summary = Summary()
        for item in items {
            let outcome: Outcome
            switch item.result {
            case .failure(let error): outcome = .unreadable(error)
            case .success(let mail): outcome = try importMail(mail, forwarder: item.forwarder, context: &context)
            }
            summary.count(outcome)
            report(item.location, outcome)
        }
        return summary
    }

    /// Fetches the team mailbox's messages since the oldest order still awaiting an answer (read-only:
    /// EXAMINE and BODY.PEEK), one at a time, and imports each as it arrives; messages recorded before
    /// record nothing new. How far the mailbox was read (UIDVALIDITY, last UID) is kept in the ledger
    /// after each message (not with `dryRun`), so the next run downloads only what is new. A message
    /// over ``IMAPMailbox/largestMessage`` is left on the server and reported as a skip.
    public func fetchAll(from mailbox: IMAPMailbox, report: (String, Outcome) -> Void) throws(OrderMailError) -> Summary
    {
        var filter = OrderFilter()
        filter.awaitingSince = DateFormats.timestamp(now())
        let oldest = try ledger.summaries(filter, at: now()).filter { $0.kind.channel == .email }.map(\.statusAt).min()
        let since = oldest.flatMap(DateFormats.date(fromTimestamp:)) ?? now().addingTimeInterval(-30 * 86_400)
        let key = mailbox.settings.mailboxKey
        var context = try context()
        var summary = Summary()
        _ = try mailbox.fetch(since: since, after: try ledger.mailboxPosition(key)) {
            (item: FetchedItem) throws(OrderMailError) in
            let id: IMAPMessageID
            let outcome: Outcome
            switch item {
            case .tooLarge(let large, let bytes):
                id = large
                outcome = .skipped(
                    "left on the server: \(bytes) bytes is over the \(IMAPMailbox.largestMessage) bytes fetched")
            case .message(let message):
                id = message.id
                switch Result(catching: { () throws(OrderMailError) in
                    try ParsedMail(bytes: message.bytes, location: "imap \(message.id)")
                }) {
                case .success(let mail): outcome = try importMail(mail, forwarder: nil, context: &context)
                case .failure(let error): outcome = .unreadable(error)
                }
            }
            summary.count(outcome)
            report("imap \(id)", outcome)
            if !dryRun {
                try ledger.setMailboxPosition(MailboxPosition(uidValidity: id.uidValidity, lastUID: id.uid), of: key)
            }
        }
        return summary
    }

    /// Imports one parsed message; `forwarder` is the `From` of the forward it was unwrapped from.
    public func importMail(_ mail: ParsedMail, forwarder: String? = nil) throws(OrderMailError) -> Outcome {
        var context = try context()
        return try importMail(mail, forwarder: forwarder, context: &context)
    }

    /// The check that the message is new and its record share one transaction (the ledger's
    /// unique mail keys refuse a second record even so): two importers cannot record it twice.
    private func importMail(_ mail: ParsedMail, forwarder: String?, context: inout Context) throws(OrderMailError)
        -> Outcome
    {
        if dryRun { return try importUnlocked(mail, forwarder: forwarder, context: &context) }
        return try ledger.inOneTransaction { () throws(OrderMailError) in
            try importUnlocked(mail, forwarder: forwarder, context: &context)
        }
    }

    private func importUnlocked(_ mail: ParsedMail, forwarder: String?, context: inout Context) throws(OrderMailError)
        -> Outcome
    {
        if let earlier = try ledger.orderHolding(messageID: mail.messageID, sha256: mail.sha256) {
            return .alreadyRecorded(order: earlier)
        }
        if forwarder == nil, let copy = try ownCopy(mail, context: &context) { return copy }
        let match = context.matcher.match(mail)
        guard case .matched(let orderID, let step) = match.outcome else { return .unmatched(match.description) }
        let contact = try ledger.contactAddress(ofOrder: orderID)
        let decision = Self.decide(
            mail, forwarder: forwarder, quotesOrder: context.matcher.quotesMessageID(of: orderID, in: mail),
            senders: senders, contact: contact, acknowledgement: acknowledgement)
        var event = EventDraft(type: decision.event, detail: Self.detail(of: mail, forwarder: forwarder))
        if decision.teachesCase { event.supportCase = match.caseNumbers.first }
        if let because = decision.because { event.detail = because + ": " + (event.detail ?? "") }
        event.mail = ReceivedMessage(bytes: mail.bytes, sha256: mail.sha256, messageID: mail.messageID)
        // An answer that comes after the order's life allows one (a thank-you after confirmation)
        // is kept as a note.
        let status = try ledger.status(ofOrder: orderID, at: now())
        if !OrderLifecycle.allows(event.type, after: status, kind: try ledger.kind(ofOrder: orderID)) {
            event.detail = "\(mail.classification.name) after the order was \(status.rawValue): " + (event.detail ?? "")
            event.type = .notice
        }
        if !dryRun { try ledger.append(event, toOrder: orderID, at: now()) }
        return .recorded(
            order: orderID, event: event.type, kind: decision.kind, step: step, caseNumber: event.supportCase,
            because: decision.because)
    }

    /// What a message that matched an order may record: the event its kind calls for when the
    /// evidence fits, else a note and why.
    static func decide(
        _ mail: ParsedMail, forwarder: String?, quotesOrder: Bool, senders: SenderRules, contact: String?,
        acknowledgement: Acknowledgement?
    ) -> (event: EventType, kind: String, because: String?, teachesCase: Bool) {
        let decision = judge(
            mail, forwarder: forwarder, quotesOrder: quotesOrder, senders: senders, contact: contact,
            acknowledgement: acknowledgement)
        // Only mail that counts teaches a case number; a read receipt or delay notice never does.
        let teaches = decision.because == nil && ![.notice].contains(decision.event)
        return (decision.event, decision.kind, decision.because, teaches)
    }

    private static func judge(
        _ mail: ParsedMail, forwarder: String?, quotesOrder: Bool, senders: SenderRules, contact: String?,
        acknowledgement: Acknowledgement?
    ) -> (event: EventType, kind: String, because: String?) {
        let from = SenderRules.address(in: mail.from)
        let sender = forwarder.flatMap(SenderRules.address(in:)) ?? from
        // The region's own: its configured domains, and always the order's contact's domain.
        var regionRules = senders
        if let contact, let at = contact.lastIndex(of: "@") {
            regionRules.regionDomains.append(String(contact[contact.index(after: at)...]))
        }
        let fromRegion = regionRules.isRegion(sender)
        switch mail.classification {
        case .bounce(let report):
            if forwarder == nil, senders.isMailSystem(from) {
                return (report.isTemporary ? .bouncedTemporary : .bounced, "bounce", nil)
            }
            return (.notice, "bounce", "a delivery report not from a mail system (mail-system-senders)")
        case .delayNotice, .deliveryNotice, .readReceipt:
            return (.notice, mail.classification.name, nil)
        case .reply, .autoReply:
            let signal = acknowledgement?.signal(in: mail)
            let kind = signal != nil ? "acknowledgement" : mail.classification.name
            let wanted: EventType =
                signal != nil ? .acknowledged : (mail.classification == .reply ? .replied : .autoReply)
            if let forwarder {
                if fromRegion, senders.isSupport(from) { return (wanted, kind, nil) }
                let who = Quoted(forwarder).description
                return (
                    .notice, kind,
                    fromRegion
                        ? "forwarded by \(who), but the forwarded message is not from support's addresses (support-addresses)"
                        : "forwarded by \(who), from outside the region"
                )
            }
            if fromRegion {
                return (.notice, kind, "from the region's own address \(sender ?? ""): not support's answer")
            }
            if senders.isSupport(sender) || quotesOrder { return (wanted, kind, nil) }
            if wanted == .autoReply {
                return (
                    .autoReply, kind, "from \(sender ?? "an unknown sender"), not support's address (support-addresses)"
                )
            }
            return (
                .notice, kind,
                "from \(sender ?? "an unknown sender"), neither support's address (support-addresses) nor a reply to the order's Message-ID"
            )
        }
    }

    /// Our own copy of an order (its Message-ID is one the order has had, or its From, Subject and
    /// Date are the order's while it was being sent): proof that it went out, never an answer.
    private func ownCopy(_ mail: ParsedMail, context: inout Context) throws(OrderMailError) -> Outcome? {
        var orderID: Int64?
        var how = "by its Message-ID"
        if let messageID = mail.messageID, let order = context.matcher.orders(withMessageID: messageID).first {
            orderID = order
        } else if case .reply = mail.classification, let from = SenderRules.address(in: mail.from),
            let orders = context.ordersByContact[from]
        {
            let subject = mail.subject.trimmingWhitespace
            var fitting: [Int64] = []
            for order in orders {
                let known: OwnOrderTraits?
                if let cached = context.traits[order] {
                    known = cached
                } else {
                    known = try ledger.ownOrderTraits(ofOrder: order, at: now())
                    context.traits[order] = known
                }
                guard let traits = known, traits.subject.trimmingWhitespace == subject, traits.admits(mail.date) else {
                    continue
                }
                fitting.append(order)
            }
            guard fitting.count == 1 else {
                return fitting.isEmpty
                    ? nil
                    : .ownCopy(
                        order: fitting[0], event: nil,
                        how:
                            "our copy of one of orders \(fitting.map(String.init).joined(separator: ", ")) (by From, Subject and Date): nothing recorded"
                    )
            }
            orderID = fitting[0]
            how = "by From, Subject and Date"
        }
        guard let orderID else { return nil }
        guard SenderRules.address(in: mail.from) == (try ledger.contactAddress(ofOrder: orderID)) else {
            return .ownCopy(
                order: orderID, event: nil,
                how: "a message under our Message-ID (\(how)) but not from the order's contact: nothing recorded")
        }
        let known = context.matcher.orders(withMessageID: mail.messageID ?? "").contains(orderID)
        let arrived = mail.date.map { " on " + DateFormats.timestamp($0) } ?? ""
        let status = try ledger.status(ofOrder: orderID, at: now())
        var event: EventDraft
        switch status {
        case .unknown, .draft:
            event = EventDraft(
                type: .sent, detail: "our copy arrived in the team mailbox\(arrived) (\(how)): the message went out")
        default:
            guard !known, mail.messageID != nil else {
                return .ownCopy(order: orderID, event: nil, how: "our copy (\(how)): nothing recorded")
            }
            event = EventDraft(
                type: .notice,
                detail: "our copy arrived in the team mailbox\(arrived) (\(how)) under the server's Message-ID")
        }
        if !known, let messageID = mail.messageID {
            event.serverMessageID = messageID
            context.matcher.learn(messageID: messageID, forOrder: orderID)
        }
        event.mail = ReceivedMessage(bytes: mail.bytes, sha256: mail.sha256, messageID: mail.messageID)
        if !dryRun { try ledger.append(event, toOrder: orderID, at: now()) }
        context.traits.removeValue(forKey: orderID)
        return .ownCopy(order: orderID, event: event.type, how: "our copy (\(how))")
    }

    /// The orders a message may belong to: every order sent by e-mail (whitelisting, activation)
    /// that was (or may have been) sent.
    func candidates() throws(OrderMailError) -> [ReplyCandidate] {
        let extra = try ledger.messageIDsAndCases()
        return try ledger.summaries(OrderFilter(), at: now()).compactMap { summary in
            guard summary.kind.channel == .email, summary.status != .draft,
                let environment = summary.environment.flatMap(Environment.init(rawValue:))
            else { return nil }
            let known = extra[summary.id]
            return ReplyCandidate(
                orderID: summary.id, messageIDs: [summary.messageID].filter { !$0.isEmpty } + (known?.messageIDs ?? []),
                caseNumbers: known?.cases ?? [], reference: summary.reference, hsaID: summary.hsaID,
                environment: environment,
                awaitsAnswer: OrderLifecycle.awaiting(summary.status) == .support)
        }
    }

    /// What the event's detail says of the message.
    static func detail(of mail: ParsedMail, forwarder: String? = nil) -> String {
        var from = mail.from.isEmpty ? "" : "from \(mail.from): "
        if let forwarder {
            from =
                "from \(forwarder), forwarding a message from \(mail.from.isEmpty ? "an unknown sender" : mail.from) (quoted): "
        }
        switch mail.classification {
        case .bounce(let report), .delayNotice(let report), .deliveryNotice(let report):
            let recipients = report.recipients.map { recipient in
                ([recipient.address, recipient.action, recipient.status] + (recipient.diagnostic.map { [$0] } ?? []))
                    .joined(separator: " ")
            }
            return "\(mail.classification.name): " + recipients.joined(separator: "; ")
        case .readReceipt(let receipt):
            return "read receipt: \(receipt.disposition)" + (receipt.recipient.map { " by \($0)" } ?? "")
        case .autoReply(let signal):
            return "automatic answer (\(signal)) \(from)\(mail.subject)"
        case .reply:
            return "\(from)\(mail.subject)"
        }
    }
}
