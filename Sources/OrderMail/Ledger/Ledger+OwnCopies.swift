import Foundation
import OrderMailCore
import OrderMailMailFormat

/// What recognises a copy of one of our own orders that carries another Message-ID (Exchange
/// Online replaces ours): who sent it, its subject and `Date`, and when it was being sent.
struct OwnOrderTraits: Sendable {
    var orderID: Int64
    /// The stored message's decoded `Subject`.
    var subject: String
    /// The stored message's `Date`.
    var date: Date?
    /// When the order was being sent: each `sending` attempt, a send by hand between composing and
    /// `mark ID sent`, or, for a draft, any time since it was composed (it may go out from Outlook).
    var sendWindows: [ClosedRange<Date>]

    /// Whether a copy written `date` falls within a send of this order (five minutes' leeway for
    /// clocks), or carries the stored message's own `Date`.
    func admits(_ copyDate: Date?) -> Bool {
        guard let copyDate else { return false }
        if let date, abs(date.timeIntervalSince(copyDate)) < 1 { return true }
        return sendWindows.contains { window in
            window.lowerBound.addingTimeInterval(-300) <= copyDate
                && copyDate <= window.upperBound.addingTimeInterval(300)
        }
    }
}

extension Ledger {
    /// The whitelisting orders with a stored message, by their contact's address in lower case
    /// (From: is always the contact).
    func composedOrdersByContact() throws(OrderMailError) -> [String: [Int64]] {
        var result: [String: [Int64]] = [:]
        try run {
            try database.forEachRow(
                "SELECT id, lower(contact_email) FROM orders WHERE kind = 'whitelisting' AND message_sha256 != ''", []
            ) { row throws(SQLiteError) -> Bool in
                if let id = row.integer(0), let contact = row.text(1) { result[contact, default: []].append(id) }
                return true
            }
        }
        return result
    }

    /// Order `id`'s subject, Date and send windows, read from its stored message and events.
    func ownOrderTraits(ofOrder id: Int64, at now: Date) throws(OrderMailError) -> OwnOrderTraits? {
        guard let order = try order(id: id), !order.message.isEmpty,
            let headers = try? MailHeaders.parse(order.message[...]).headers
        else { return nil }
        let created = DateFormats.date(fromTimestamp: order.createdAt) ?? now
        var windows: [ClosedRange<Date>] = []
        var attemptOpen = false
        for event in try events(ofOrder: id) {
            guard let at = DateFormats.date(fromTimestamp: event.at) else { continue }
            switch event.type {
            case .sending:
                let end = event.attempt.flatMap(SendingAttempt.init(text:))?.deadline ?? at.addingTimeInterval(3600)
                windows.append(at...max(at, end))
                attemptOpen = true
            case .sent where !attemptOpen:
                windows.append(min(created, at)...at)
            case .draft:
                break
            default:
                attemptOpen = false
            }
        }
        if try status(ofOrder: id, at: now) == .draft { windows.append(created...Date.distantFuture) }
        return OwnOrderTraits(
            orderID: id, subject: headers.text("Subject") ?? "",
            date: headers["Date"].flatMap(DateFormats.date(fromRFC5322:)),
            sendWindows: windows)
    }

    /// Order `id`'s contact address, in lower case.
    func contactAddress(ofOrder id: Int64) throws(OrderMailError) -> String? {
        try run { try database.query("SELECT lower(contact_email) FROM orders WHERE id = ?", [.integer(id)]) }.first?
            .first?.text
    }
}
