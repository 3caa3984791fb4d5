import Foundation
import OrderMailCore

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
        /// With `confirmed` on an activation order: the list of the only units support activated.
        public var units: String?
        /// With `confirmed` on an activation order: the list of the units support did not activate.
        public var except: String?

        public init(
            _ event: EventType, supportCase: String? = nil, note: String? = nil, effective: String? = nil,
            fromMessage: String? = nil,
            units: String? = nil, except: String? = nil
        ) {
            self.units = units
            self.except = except
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
            event.note = try mark.note.map { text throws(FieldError) in
                try OrderText(text, field: "note", maximumLength: maximumNoteLength).value
            }
            event.effectiveDate = try mark.effective.map { text throws(FieldError) in
                try CalendarDate(parsing: text, field: "effective").description
            }
        } catch {
            throw .invalidField(error, source: source)
        }
        if mark.event == .sent { event.detail = "sent by hand" }
        return event
    }

    /// Records `mark` on order `id`; with a saved message, the send it proves (its Message-ID kept);
    /// with a list of units, the answer for those units only. Returns " for N of M units" when the
    /// answer names some of an activation order's units, else "".
    @discardableResult
    public func record(_ mark: Mark, onOrder id: Int64) throws(OrderMailError) -> String {
        var event = try Self.event(for: mark)
        let listed = try (mark.units ?? mark.except).map { path throws(OrderMailError) in
            try ActivationAnswer.readHSAIDs(path: path)
        }
        var some = ""
        if let listed {
            guard let order = try ledger.order(id: id) else { throw .ledger("order: there is no order \(id)", .data) }
            guard order.kind == .activation else {
                throw .ledger(
                    "\(mark.units != nil ? "--units" : "--except"): order \(id) is a \(order.kind.rawValue) order; only an activation order's answer names units",
                    .data)
            }
            let orderUnits = try ledger.units(ofOrder: id)
            let chosen = try ActivationAnswer.units(
                of: id, orderUnits: orderUnits, named: listed, except: mark.except != nil)
            if chosen.count < orderUnits.count {
                event.units = chosen
                some = " for \(chosen.count) of \(orderUnits.count.counted("unit"))"
            }
        }
        if let path = mark.fromMessage {
            guard let order = try ledger.order(id: id) else { throw .ledger("ledger: there is no order \(id)", .data) }
            let read = try RecordSentMessage.event(for: order, fromMessageAt: path)
            event.detail = read.detail
            event.serverMessageID = read.serverMessageID
        }
        try ledger.append(event, toOrder: id, at: now())
        return some
    }
}
