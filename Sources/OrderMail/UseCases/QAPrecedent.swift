import OrderMailCore

/// The QA order that a production order follows: named in the production message.
public struct QAPrecedent: Equatable, Sendable {
    /// When the QA order was sent or confirmed (UTC date).
    public var date: String
    /// The QA order's Message-ID.
    public var messageID: String
    /// Support's case number, once the QA order is confirmed with one: cited as support knows it.
    public var caseNumber: String?
    /// When support said the QA whitelisting takes effect (`mark ID confirmed --effective`).
    public var effectiveDate: String?

    public init(date: String, messageID: String, caseNumber: String? = nil, effectiveDate: String? = nil) {
        self.date = date
        self.messageID = messageID
        self.caseNumber = caseNumber
        self.effectiveDate = effectiveDate
    }

    /// The precedent a ledger row describes; `confirmation` is the QA order's `confirmed` event, if any.
    public init(_ summary: OrderSummary, confirmation: EventRecord? = nil) {
        self.init(
            date: String(summary.statusAt.prefix(10)), messageID: summary.messageID,
            caseNumber: confirmation.flatMap { $0.supportCase ?? summary.supportCase },
            effectiveDate: confirmation?.effectiveDate)
    }
}
