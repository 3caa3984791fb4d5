/// What `ledger verify` found.
public struct LedgerVerification: Equatable, Sendable {
    public var orderCount: Int
    public var eventCount: Int
    /// The newest event's hash (the genesis hash for an empty ledger).
    public var headHash: String
    /// The first problem found, or nil when the chain is intact.
    public var problem: String?
}

extension Ledger {
    /// Walks the hash chain from the first event to the newest and reports the first event that
    /// was changed, removed or inserted, or an order whose fields or message no longer match.
    ///
    /// - Parameter expectedHead: a head hash noted earlier; when it is no longer in the chain,
    ///   events were removed from its end (or changed).
    public func verify(expectedHead: String? = nil) throws(OrderMailError) -> LedgerVerification {
        var previous = Self.genesisHash
        var eventCount = 0
        var digests: [Int64: String] = [:]
        var problem: String?
        var sawExpectedHead = expectedHead == nil || expectedHead == Self.genesisHash
        let columns = LedgerSchema.eventColumns.joined(separator: ", ")
        var events: [EventRecord] = []
        try run {
            try database.forEachRow("SELECT \(columns) FROM events ORDER BY sequence") { row throws(SQLiteError) in
                guard let event = EventRecord(row: row) else { throw SQLiteError(code: 11, message: "an event row is unreadable") }
                events.append(event)
            }
        }
        for event in events where problem == nil {
            eventCount += 1
            if event.previousHash != previous {
                problem = "event \(event.sequence) (order \(event.orderID)): its previous hash does not match the event before it: an event was removed, inserted or changed before it"
                break
            }
            if digests[event.orderID] == nil {
                guard let order = try order(id: event.orderID) else {
                    problem = "event \(event.sequence) refers to order \(event.orderID), which is missing: the order was removed"
                    break
                }
                if SHA256.hex(order.message) != order.messageSHA256 {
                    problem = "order \(order.id): its stored message no longer matches its SHA-256: the message was changed"
                    break
                }
                digests[event.orderID] = order.digest
            }
            if event.expectedHash(orderDigest: digests[event.orderID] ?? "") != event.hash {
                problem = "event \(event.sequence) (order \(event.orderID)): its hash does not match: the event or its order's fields were changed"
                break
            }
            previous = event.hash
            if event.hash == expectedHead { sawExpectedHead = true }
        }
        let orderCount = Int(try run { try database.query("SELECT count(*) FROM orders").first?.first?.integer ?? 0 })
        if problem == nil {
            let orphans = try run {
                try database.query("SELECT id FROM orders WHERE id NOT IN (SELECT order_id FROM events) ORDER BY id LIMIT 1")
            }
            if let orphan = orphans.first?.first?.integer {
                problem = "order \(orphan) has no events: it was inserted outside ordermail"
            } else if !sawExpectedHead, let expectedHead {
                problem = "the expected head \(expectedHead) is not in the chain: the newest events were removed or changed"
            }
        }
        return LedgerVerification(orderCount: orderCount, eventCount: eventCount, headHash: previous, problem: problem)
    }
}
