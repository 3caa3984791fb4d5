import Foundation

/// Records what became of an order outside ordermail (support's answer, a send by hand, a
/// bulk-TAK submission) or sets it aside: the texts checked first, then one event, which the
/// order's life must allow.
public struct MarkOrder {
    public var ledger: Ledger
    /// The clock.
    public var now: () -> Date = Date.init

    /// The longest support case number.
    public static let maximumCaseLength = 100
    /// The longest note.
    public static let maximumNoteLength = 1000

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// What a person says of the order: each field is checked before anything is written.
    public struct Mark: Sendable {
        public var event: EventType
        /// Support's case number (field `case`).
        public var supportCase: String?
        /// A note (field `note`).
        public var note: String?
        /// With `confirmed`: when the whitelisting takes effect, yyyy-mm-dd (field `effective`).
        public var effective: String?
        /// With `sent`: the `.eml` or `.msg` saved from Sent Items, whose Message-ID the server gave.
        public var fromMessage: String?

        public init(
            _ event: EventType, supportCase: String? = nil, note: String? = nil, effective: String? = nil, fromMessage: String? = nil
        ) {
            self.event = event
            self.supportCase = supportCase
            self.note = note
            self.effective = effective
            self.fromMessage = fromMessage
        }
    }

    /// The event `mark` describes, its texts checked; errors name the field as `source` labels it.
    public static func event(for mark: Mark, source: InputSource = .commandLine) throws(OrderMailError) -> EventDraft {
        var event = EventDraft(type: mark.event)
        do {
            event.supportCase = try mark.supportCase.map { text throws(FieldError) in
                try OrderText(text, field: "case", maximumLength: maximumCaseLength).value
            }
            event.note = try mark.note.map { text throws(FieldError) in try OrderText(text, field: "note", maximumLength: maximumNoteLength).value }
            event.effectiveDate = try mark.effective.map { text throws(FieldError) in
                try CalendarDate(parsing: text, field: "effective").description
            }
        } catch {
            throw .invalidField(error, source: source)
        }
        if mark.event == .sent { event.detail = "sent by hand" }
        return event
    }

    /// Records `mark` on order `id`; with a saved message, the send it proves (its Message-ID kept).
    public func record(_ mark: Mark, onOrder id: Int64) throws(OrderMailError) {
        var event = try Self.event(for: mark)
        if let path = mark.fromMessage {
            guard let order = try ledger.order(id: id) else { throw .ledger("ledger: there is no order \(id)", .data) }
            let read = try RecordSentMessage.event(for: order, fromMessageAt: path)
            event.detail = read.detail
            event.serverMessageID = read.serverMessageID
        }
        try ledger.append(event, toOrder: id, at: now())
    }
}
