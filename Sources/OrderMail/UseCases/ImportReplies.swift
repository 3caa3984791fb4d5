import Foundation

/// Brings support's mail back into the ledger: each message is read, classified, matched to its
/// order (never guessed) and recorded as an event, once; a message seen before (by Message-ID,
/// else by SHA-256) records nothing new.
public struct ImportReplies {
    public var ledger: Ledger
    /// Finds support's case numbers in subjects and bodies (the configuration's `case-pattern`).
    public var casePattern: CasePattern?
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
        /// Recorded on `order` as `event`, matched at `step`.
        case recorded(order: Int64, event: EventType, kind: String, step: MatchStep, caseNumber: String?)
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

        mutating func count(_ outcome: Outcome) {
            switch outcome {
            case .recorded: recorded += 1
            case .alreadyRecorded: alreadyRecorded += 1
            case .unmatched: unmatched += 1
            case .unreadable: unreadable += 1
            case .skipped: skipped += 1
            }
        }
    }

    /// Imports every message `items` yields, handing each outcome to `report`; an unreadable
    /// message is reported and the rest of the batch goes on.
    public func importAll(_ items: some Sequence<MailItem>, report: (String, Outcome) -> Void) throws(OrderMailError) -> Summary {
        let matcher = ReplyMatcher(candidates: try candidates(), casePattern: casePattern)
        var summary = Summary()
        for item in items {
            let outcome: Outcome
            switch item.result {
            case .failure(let error): outcome = .unreadable(error)
            case .success(let mail): outcome = try importMail(mail, matcher: matcher)
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
    public func fetchAll(from mailbox: IMAPMailbox, report: (String, Outcome) -> Void) throws(OrderMailError) -> Summary {
        var filter = OrderFilter()
        filter.awaitingSince = DateFormats.timestamp(now())
        let oldest = try ledger.summaries(filter, at: now()).filter { $0.kind.channel == .email }.map(\.statusAt).min()
        let since = oldest.flatMap(DateFormats.date(fromTimestamp:)) ?? now().addingTimeInterval(-30 * 86_400)
        let key = mailbox.settings.mailboxKey
        let matcher = ReplyMatcher(candidates: try candidates(), casePattern: casePattern)
        var summary = Summary()
        _ = try mailbox.fetch(since: since, after: try ledger.mailboxPosition(key)) { (item: FetchedItem) throws(OrderMailError) in
            let id: IMAPMessageID
            let outcome: Outcome
            switch item {
            case .tooLarge(let large, let bytes):
                id = large
                outcome = .skipped("left on the server: \(bytes) bytes is over the \(IMAPMailbox.largestMessage) bytes fetched")
            case .message(let message):
                id = message.id
                switch Result(catching: { () throws(OrderMailError) in try ParsedMail(bytes: message.bytes, location: "imap \(message.id)") }) {
                case .success(let mail): outcome = try importMail(mail, matcher: matcher)
                case .failure(let error): outcome = .unreadable(error)
                }
            }
            summary.count(outcome)
            report("imap \(id)", outcome)
            if !dryRun { try ledger.setMailboxPosition(MailboxPosition(uidValidity: id.uidValidity, lastUID: id.uid), of: key) }
        }
        return summary
    }

    /// Imports one parsed message.
    public func importMail(_ mail: ParsedMail) throws(OrderMailError) -> Outcome {
        try importMail(mail, matcher: ReplyMatcher(candidates: try candidates(), casePattern: casePattern))
    }

    private func importMail(_ mail: ParsedMail, matcher: ReplyMatcher) throws(OrderMailError) -> Outcome {
        if let earlier = try ledger.orderHolding(messageID: mail.messageID, sha256: mail.sha256) {
            return .alreadyRecorded(order: earlier)
        }
        let match = matcher.match(mail)
        guard case .matched(let orderID, let step) = match.outcome else { return .unmatched(match.description) }
        var event = EventDraft(type: Self.eventType(for: mail.classification), detail: Self.detail(of: mail))
        event.supportCase = match.caseNumbers.first
        event.mail = ReceivedMessage(bytes: mail.bytes, sha256: mail.sha256, messageID: mail.messageID)
        // An answer that comes after the order's life allows one (a thank-you after confirmation)
        // is kept as a note.
        let status = try ledger.status(ofOrder: orderID, at: now())
        if !OrderLifecycle.allows(event.type, after: status, kind: try ledger.kind(ofOrder: orderID)) {
            event.detail = "\(mail.classification.name) after the order was \(status.rawValue): " + (event.detail ?? "")
            event.type = .notice
        }
        if !dryRun { try ledger.append(event, toOrder: orderID, at: now()) }
        return .recorded(order: orderID, event: event.type, kind: mail.classification.name, step: step, caseNumber: event.supportCase)
    }

    /// The orders a message may belong to: every order sent by e-mail (whitelisting, activation)
    /// that was (or may have been) sent.
    func candidates() throws(OrderMailError) -> [ReplyCandidate] {
        let extra = try ledger.messageIDsAndCases()
        return try ledger.summaries(OrderFilter(), at: now()).compactMap { summary in
            guard summary.kind.channel == .email, summary.status != .draft, let environment = summary.environment.flatMap(Environment.init(rawValue:)) else { return nil }
            let known = extra[summary.id]
            return ReplyCandidate(
                orderID: summary.id, messageIDs: [summary.messageID].filter { !$0.isEmpty } + (known?.messageIDs ?? []),
                caseNumbers: known?.cases ?? [], reference: summary.reference, hsaID: summary.hsaID, environment: environment,
                awaitsAnswer: OrderLifecycle.awaiting(summary.status) == .support)
        }
    }

    static func eventType(for classification: MailClassification) -> EventType {
        switch classification {
        case .reply: .replied
        case .bounce: .bounced
        case .autoReply: .autoReply
        case .delayNotice, .deliveryNotice, .readReceipt: .notice
        }
    }

    /// What the event's detail says of the message.
    static func detail(of mail: ParsedMail) -> String {
        let from = mail.from.isEmpty ? "" : "from \(mail.from): "
        switch mail.classification {
        case .bounce(let report), .delayNotice(let report), .deliveryNotice(let report):
            let recipients = report.recipients.map { recipient in
                ([recipient.address, recipient.action, recipient.status] + (recipient.diagnostic.map { [$0] } ?? [])).joined(separator: " ")
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

extension Ledger {
    /// The kind of order `id`.
    func kind(ofOrder id: Int64) throws(OrderMailError) -> OrderKind {
        let rows = try run { try database.query("SELECT kind FROM orders WHERE id = ?", [.integer(id)]) }
        guard let kind = rows.first?.first?.text.flatMap(OrderKind.init(rawValue:)) else {
            throw .ledger("ledger: there is no readable order \(id); run ordermail ledger verify", .data)
        }
        return kind
    }

    /// The order an imported message was recorded on, found by its Message-ID, else its SHA-256.
    func orderHolding(messageID: String?, sha256: String) throws(OrderMailError) -> Int64? {
        let rows = try run {
            try database.query(
                "SELECT order_id FROM events WHERE (mail_message_id IS NOT NULL AND mail_message_id = ?) OR mail_sha256 = ? LIMIT 1",
                [messageID.map(SQLValue.text) ?? .null, .text(sha256)])
        }
        return rows.first?.first?.integer
    }

    /// For each order, the Message-IDs servers assigned and the case numbers recorded on it.
    func messageIDsAndCases() throws(OrderMailError) -> [Int64: (messageIDs: [String], cases: [String])] {
        let rows = try run {
            try database.query(
                "SELECT order_id, server_message_id, support_case FROM events WHERE server_message_id IS NOT NULL OR support_case IS NOT NULL ORDER BY sequence")
        }
        var result: [Int64: (messageIDs: [String], cases: [String])] = [:]
        for row in rows {
            guard let id = row[0].integer else { continue }
            var entry = result[id] ?? ([], [])
            if let assigned = row[1].text { entry.messageIDs.append(assigned) }
            if let supportCase = row[2].text, !entry.cases.contains(supportCase) { entry.cases.append(supportCase) }
            result[id] = entry
        }
        return result
    }
}
