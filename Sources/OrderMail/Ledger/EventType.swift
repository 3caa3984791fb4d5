/// What happened to an order; an order's status is its latest event.
public enum EventType: String, Sendable, CaseIterable {
    /// Composed and printed or written, not sent.
    case draft
    /// The SMTP transaction is about to start.
    case sending
    /// The server accepted the message.
    case sent
    /// The server or the network refused for now; sending again may work.
    case failedTemporary = "failed-temporary"
    /// The server refused for good.
    case failedPermanent = "failed-permanent"
    /// The connection ended after the whole message was handed over: the server may have it.
    case unknown
    /// 1177's support confirmed the whitelisting.
    case confirmed
    /// 1177's support rejected the order.
    case rejected
}

/// Which kind of document an order is.
public enum OrderKind: String, Sendable, CaseIterable {
    case whitelisting
    case bulkTAK = "bulk-tak"
}
