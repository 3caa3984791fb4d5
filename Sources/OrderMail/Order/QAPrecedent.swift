/// The QA order that a production order follows: named in the production message.
public struct QAPrecedent: Equatable, Sendable {
    /// When the QA order was sent or confirmed (UTC date).
    public var date: String
    /// The QA order's Message-ID.
    public var messageID: String

    public init(date: String, messageID: String) {
        self.date = date
        self.messageID = messageID
    }

    /// The precedent a ledger row describes.
    public init(_ summary: OrderSummary) {
        self.init(date: String(summary.statusAt.prefix(10)), messageID: summary.messageID)
    }
}
