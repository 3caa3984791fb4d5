import Foundation
import OrderMailCore
import OrderMailMailFormat

/// What a follow-up in an order's thread says.
public enum FollowUpKind: Equatable, Sendable {
    /// The order has waited long: how is it going?
    case reminder
    /// The region's answer to support (the list of units they asked for): the text to send.
    case answer(String)

    /// `reminder` or `answer`, as the ledger's note keeps it.
    public var name: String {
        switch self {
        case .reminder: "reminder"
        case .answer: "answer"
        }
    }

    /// The statuses in which this kind of follow-up may be sent.
    var allowedStatuses: Set<EventType> {
        self == .reminder ? OrderLifecycle.remindable : OrderLifecycle.followUpAnswerable
    }

    /// The largest answer file read, in bytes.
    public static let maximumAnswerBytes = 64 * 1024

    /// The answer in the text file at `path` (UTF-8, at most 64 KiB, not blank), line ends made LF;
    /// the error names `field` (`text-file`).
    public static func answer(fromFile path: String, field: String = "text-file") throws(OrderMailError) -> FollowUpKind
    {
        let bytes: [UInt8]
        do { bytes = try BoundedFile.read(path, limit: maximumAnswerBytes) } catch {
            switch error {
            case .unreadable(let reason): throw .missingInput(path: path, reason: reason)
            case .notRegular: throw .missingInput(path: path, reason: "not a regular file")
            case .tooLarge(let size):
                throw .invalidData(
                    "--\(field): \(path) is \(size) bytes; an answer is at most \(maximumAnswerBytes) bytes (attach large lists to a mail of your own)"
                )
            }
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .invalidData("--\(field): \(path) is not UTF-8 text")
        }
        if let control = text.unicodeScalars.first(where: {
            $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0)
        }) {
            throw .invalidData(
                "--\(field): \(path) holds the control character U+\(String(control.value, radix: 16, uppercase: true)); give plain text"
            )
        }
        let answer = text.replacingLineEnds(with: "\n").trimmingWhitespace
        guard !answer.isEmpty else {
            throw .invalidData("--\(field): \(path) is empty; write the answer to support in it")
        }
        return .answer(answer)
    }
}

/// A follow-up composed for an order and checked, not yet recorded or sent.
public struct FollowUpComposition: Sendable {
    public var orderID: Int64
    public var kind: FollowUpKind
    public var message: ComposedMessage
    public var envelope: SMTPEnvelope
    /// The Message-ID it answers: support's latest message, else our order (as the server named it).
    public var inReplyTo: String
    /// Whose message it answers, in words (`support's message of …`, `our order`).
    public var answering: String
}

/// Sends a follow-up in an order's thread (a reminder, or the region's answer to support) the way
/// ``SendOrder`` sends an order: every local check; then, in one `BEGIN IMMEDIATE` transaction,
/// the order's status, the guard against a second follow-up while one is being sent or of unknown
/// outcome, and the `follow-up` event with the message and its Message-ID; then the SMTP
/// transaction; then its outcome (`follow-up-sent`, `follow-up-failed`, `follow-up-unknown`).
/// The order's status stays, except that an answer that went out returns an order in needs-info
/// or replied to waiting for support (`awaiting`). Support's replies to the follow-up match the
/// order by its Message-ID.
public struct SendFollowUp {
    public var ledger: Ledger
    /// The server, resolved and checked before this use case runs.
    public var transport: any MailTransport
    /// Send although the order's previous follow-up's outcome is unknown.
    public var force = false
    /// The clock.
    public var now: () -> Date = Date.init
    /// Asked before anything is written: true (the user pressed Ctrl-C) stops the send unrecorded.
    public var interrupted: () -> Bool = { false }
    /// Told the order's id and the envelope's recipients after the attempt is recorded and before
    /// the connection is opened.
    public var beforeConnecting: ((Int64, [EmailAddress]) -> Void)?

    public init(ledger: Ledger, transport: any MailTransport, force: Bool = false) {
        self.ledger = ledger
        self.transport = transport
        self.force = force
    }

    /// Composes a follow-up of `kind` for order `id` from the `follow-up` templates in
    /// `templatesDirectory`, in the order's language; reads the ledger, writes nothing.
    ///
    /// It answers support's latest message recorded on the order (a reply or a receipt), keeping
    /// its subject, else our order; `In-Reply-To` names that message and `References` the order's
    /// Message-IDs (ours and the one the server gave) and that message's thread. It goes to the
    /// order's own `To:` and `Cc:`, from its contact (and technical sender).
    public static func compose(
        _ kind: FollowUpKind, toOrder id: Int64, in ledger: Ledger, templatesDirectory: String,
        environment: MessageEnvironment
    ) throws(OrderMailError) -> FollowUpComposition {
        guard let record = try ledger.order(id: id) else { throw .ledger("order: there is no order \(id)", .data) }
        guard record.kind.channel == .email else {
            throw .ledger(
                "order \(id) is a \(record.kind.rawValue) order, which is not sent by e-mail: follow it up through Inera's form",
                .data)
        }
        if let problem = try ledger.integrityProblem(ofOrder: id) {
            throw .ledger("\(problem); nothing was sent: run ordermail ledger verify", .data)
        }
        let status = try ledger.status(ofOrder: id, at: environment.now)
        guard kind.allowedStatuses.contains(status) else {
            throw .ledger(refusal(kind, order: id, status: status), .data)
        }
        let events = try ledger.events(ofOrder: id)
        let thread = try Thread(record: record, events: events)

        let language = Language(rawValue: record.language) ?? .sv
        let template = try OrderTemplate(
            named: templateName, language: language, in: templatesDirectory, vocabulary: templateVocabulary)
        let context = try templateContext(
            kind, record: record, thread: thread, language: language, ledger: ledger, zone: environment.timeZone)
        let text = try template.render(context)

        let contact: EmailAddress
        let to: [EmailAddress]
        let cc: [EmailAddress]
        let sender: EmailAddress?
        do {
            contact = try EmailAddress(record.contactEmail, field: "contact-email")
            to = try addresses(record.recipients, field: "to")
            cc = try addresses(record.copies, field: "cc")
            sender = try record.sender.map { text throws(FieldError) in try EmailAddress(text, field: "from") }
        } catch {
            throw .ledger(
                "order \(id): its stored \(error.field) is unreadable (\(error.rule)); run ordermail ledger verify",
                .data)
        }
        guard !to.isEmpty else {
            throw .ledger(
                "order \(id) has no recorded To: address (it was placed outside ordermail): write to support from your mail client",
                .data)
        }
        let messageID = "\(environment.makeMessageIDLocalPart())@\(contact.domain)"
        let date = environment.dateHeaderValue
        var builder = MessageBuilder(
            from: (record.contactName, contact), addressing: Addressing(to: to, cc: cc, sender: sender),
            subject: text.subject,
            body: text.body, date: date, messageID: messageID)
        builder.inReplyTo = thread.inReplyTo
        builder.references = thread.references
        let envelope = SMTPEnvelope(from: sender ?? contact, recipients: to + cc)
        try SMTPTransport.checkEnvelope(envelope)
        return FollowUpComposition(
            orderID: id, kind: kind,
            message: ComposedMessage(text: text, messageID: messageID, date: date, wireForm: builder.wireForm),
            envelope: envelope, inReplyTo: thread.inReplyTo, answering: thread.answering)
    }

    /// Records the follow-up's attempt, sends it and records the outcome.
    public func send(_ followUp: FollowUpComposition) throws(OrderMailError) -> SendOrder.Delivery {
        let id = followUp.orderID
        if interrupted() { throw .delivery("follow-up: interrupted before anything was recorded or sent", .temporary) }
        let bytes = followUp.message.bytes
        let statusBefore = try ledger.inOneTransaction { () throws(OrderMailError) in
            let status = try ledger.status(ofOrder: id, at: now())
            guard followUp.kind.allowedStatuses.contains(status) else {
                throw .ledger(Self.refusal(followUp.kind, order: id, status: status), .data)
            }
            try refusePendingFollowUp(ofOrder: id)
            var event = EventDraft(
                type: .followUp,
                detail:
                    "\(followUp.kind.name) to \(followUp.envelope.recipients.map(\.address).joined(separator: ", ")), in reply to \(followUp.answering) <\(followUp.inReplyTo)>",
                attempt: SendingAttempt.current(timeout: transport.timeout, now: now()))
            event.note = followUp.kind.name
            event.mail = ReceivedMessage(bytes: bytes, sha256: SHA256.hex(bytes), messageID: followUp.message.messageID)
            try ledger.append(event, toOrder: id, at: now())
            return status
        }
        beforeConnecting?(id, followUp.envelope.recipients)
        let outcome = transport.deliver(bytes, envelope: followUp.envelope)
        try ledger.inOneTransaction { () throws(OrderMailError) in
            let event = SendOrder.outcomeEvent(
                outcome, type: Self.event(for: outcome), ours: followUp.message.messageID)
            try ledger.append(event, toOrder: id, at: now())
            // Our answer went out: the order waits for support again.
            if case .accepted = outcome, case .answer = followUp.kind, [.needsInfo, .replied].contains(statusBefore),
                try ledger.status(ofOrder: id, at: now()) == statusBefore
            {
                let note =
                    "our answer (follow-up <\(followUp.message.messageID)>) was sent: support's answer is awaited"
                try ledger.append(EventDraft(type: .awaiting, note: note), toOrder: id, at: now())
            }
        }
        return SendOrder.Delivery(
            orderID: id, messageID: followUp.message.messageID, recipients: followUp.envelope.recipients,
            outcome: outcome)
    }

    /// The ledger event that records a follow-up's `outcome`.
    public static func event(for outcome: DeliveryOutcome) -> EventType {
        switch SendOrder.event(for: outcome) {
        case .sent: .followUpSent
        case .unknown: .followUpUnknown
        default: .followUpFailed
        }
    }

    /// Refuses a second follow-up while the order's latest one is being sent, or (unless forced)
    /// its outcome is unknown: support may have it already.
    private func refusePendingFollowUp(ofOrder id: Int64) throws(OrderMailError) {
        guard
            let latest = try ledger.events(ofOrder: id, withMail: false).last(where: {
                OrderLifecycle.followUps.contains($0.type)
            })
        else { return }
        let unknownOutcome: Bool
        switch latest.type {
        case .followUp:
            if let attempt = latest.attempt.flatMap(SendingAttempt.init(text:)), !attempt.isOver(at: now()) {
                throw .ledger("order \(id): a follow-up (<\(latest.mailMessageID ?? "")>) is being sent now", .data)
            }
            unknownOutcome = true
        case .followUpUnknown: unknownOutcome = true
        default: unknownOutcome = false
        }
        guard unknownOutcome, !force else { return }
        throw .ledger(
            "order \(id): the outcome of its follow-up of \(latest.at) (<\(latest.mailMessageID ?? "")>) is unknown, support may have it: look for it in the team mailbox or ask support, then pass --force to send another",
            .data)
    }

    static func refusal(_ kind: FollowUpKind, order id: Int64, status: EventType) -> String {
        switch (kind, status) {
        case (_, .unknown):
            "order \(id)'s outcome is unknown (the server may have it): check with support, then 'ordermail send --retry \(id)'"
        case (_, .draft), (_, .failedTemporary), (_, .failedPermanent), (_, .bouncedTemporary):
            "order \(id) is \(status.rawValue), never delivered: send it with 'ordermail send \(id)'"
        case (.reminder, .needsInfo):
            "order \(id) is needs-info: support waits for us; answer with 'ordermail follow-up \(id) --answer --text-file FILE'"
        case (.reminder, .replied):
            "order \(id) is replied: support answered; record the answer with 'ordermail mark \(id) …', or answer with --answer"
        default:
            "order \(id) is \(status.rawValue): a \(kind.name) can be sent only when it is \(kind.allowedStatuses.map(\.rawValue).sorted().joined(separator: ", "))"
        }
    }

    private static func addresses(_ list: String, field: String) throws(FieldError) -> [EmailAddress] {
        var result: [EmailAddress] = []
        for part in list.split(separator: ",") where !part.trimmingWhitespace.isEmpty {
            result.append(try EmailAddress(part.trimmingWhitespace, field: field))
        }
        return result
    }
}

extension SendFollowUp {
    /// The template files' base name.
    static let templateName = "follow-up"

    /// Every name a follow-up template may use; optional ones are absent when not known.
    static let templateVocabulary: Set<String> = [
        "threadSubject", "isReminder", "answerText", "orderDate", "orderSummary", "orderMessageID", "environment",
        "caseNumber", "reference", "region", "contactName", "contactEmail", "contactPhone",
    ]

    /// The values the templates see.
    private static func templateContext(
        _ kind: FollowUpKind, record: OrderRecord, thread: Thread, language: Language, ledger: Ledger, zone: TimeZone
    ) throws(OrderMailError) -> [String: Any] {
        let environment = record.environment.flatMap(Environment.init(rawValue:))
        let summary: String
        if record.kind == .activation {
            let count = try ledger.units(ofOrder: record.id).count
            summary =
                language == .sv
                ? "aktivering av \(count) \(count == 1 ? "vårdenhet" : "vårdenheter") för webbtidbokning"
                : "activation of \(count) \(count == 1 ? "care unit" : "care units") for web booking"
        } else {
            summary =
                language == .sv
                ? "vitlistning av \(record.systemName), \(record.hsaID)"
                : "whitelisting of \(record.systemName), \(record.hsaID)"
        }
        var context: [String: Any] = [
            "threadSubject": thread.subject,
            "isReminder": kind == .reminder,
            "orderDate": CalendarDate(thread.orderSent, in: zone).description,
            "orderSummary": summary,
            "orderMessageID": "<\(thread.orderMessageID)>",
            "environment": environment == .qa ? "QA" : (language == .sv ? "Produktion" : "Production"),
            "region": record.region,
            "contactName": record.contactName,
            "contactEmail": record.contactEmail,
        ]
        if case .answer(let text) = kind { context["answerText"] = text }
        context["caseNumber"] = thread.caseNumber
        context["reference"] = record.reference
        context["contactPhone"] = record.contactPhone
        return context
    }

    /// The order's thread, as the ledger knows it: the message a follow-up answers and the ids before it.
    struct Thread {
        var inReplyTo: String
        var references: [String]
        /// The subject without reply prefixes, with support's case number.
        var subject: String
        var answering: String
        /// The Message-ID support knows our order by: the server's when one was learnt, else ours.
        var orderMessageID: String
        var caseNumber: String?
        /// When the order was sent (or recorded).
        var orderSent: Date

        init(record: OrderRecord, events: [EventRecord]) throws(OrderMailError) {
            let ours = [record.messageID].filter { !$0.isEmpty }
            let assigned = events.filter { !OrderLifecycle.followUps.contains($0.type) }.compactMap(\.serverMessageID)
            var orderIDs: [String] = []
            for id in ours + assigned where !orderIDs.contains(id) { orderIDs.append(id) }
            caseNumber = events.last { $0.supportCase != nil }?.supportCase
            orderSent =
                events.first { $0.type == .sent || $0.type == .recorded }.flatMap {
                    DateFormats.date(fromTimestamp: $0.at)
                }
                ?? DateFormats.date(fromTimestamp: record.createdAt) ?? Date(timeIntervalSince1970: 0)
            // Support's latest message recorded on the order: a reply, or a case desk's receipt.
            let latest = events.last { ($0.type == .replied || $0.type == .acknowledged) && $0.mail != nil }
            let parent = latest.flatMap { event in
                event.mail.flatMap { try? ParsedMail(bytes: $0, location: "event \(event.sequence)") }
            }
            var subject: String
            if let parent, let parentID = parent.messageID, let latest {
                inReplyTo = parentID
                var ids = orderIDs
                for id in (parent.references.isEmpty ? parent.inReplyTo : parent.references) + [parentID]
                where !ids.contains(id) { ids.append(id) }
                references = ids
                subject = parent.subject
                answering = "support's message of \(latest.at)"
            } else {
                guard let orderID = orderIDs.last, !record.message.isEmpty else {
                    throw .ledger(
                        "order \(record.id) was placed outside ordermail and no message from support is recorded on it: there is no thread to follow up in; write from your mail client",
                        .data)
                }
                inReplyTo = orderID
                references = orderIDs
                subject = (try? MailHeaders.parse(record.message[...]).headers.text("Subject")) ?? ""
                answering = "our order"
            }
            orderMessageID = orderIDs.last ?? record.messageID
            // One line, without the reply prefixes a mail client would add again, at most 200 characters.
            subject = SubjectPrefixes.strip(String(subject.map { $0.isNewline || $0 == "\t" ? " " : $0 }))
            if let caseNumber, !subject.localizedCaseInsensitiveContains(caseNumber) { subject += " [\(caseNumber)]" }
            if subject.count > 200 { subject = String(subject.prefix(200)) }
            self.subject = subject.isEmpty ? (caseNumber ?? "order \(record.id)") : subject
        }
    }
}
