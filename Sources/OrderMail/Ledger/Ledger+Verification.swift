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
        // One pass over the events in chain order, each with its order's columns beside it.
        let columns = LedgerSchema.eventColumns.map { "e.\($0)" } + LedgerSchema.orderColumns.map { "o.\($0)" }
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM events e LEFT JOIN orders o ON o.id = e.order_id ORDER BY e.sequence"
        let eventWidth = LedgerSchema.eventColumns.count
        try run {
            try database.forEachRow(sql) { current throws(SQLiteError) in
                guard problem == nil else { return }
                let row = current.values
                guard let event = EventRecord(row: Array(row[..<eventWidth])) else {
                    throw SQLiteError(code: 11, message: "an event row is unreadable")
                }
                eventCount += 1
                if event.previousHash != previous {
                    problem = "event \(event.sequence) (order \(event.orderID)): its previous hash does not match the event before it: an event was removed, inserted or changed before it"
                    return
                }
                if digests[event.orderID] == nil {
                    guard row[eventWidth] != .null else {
                        problem = "event \(event.sequence) refers to order \(event.orderID), which is missing: the order was removed"
                        return
                    }
                    guard let order = OrderRecord(row: Array(row[eventWidth...])) else {
                        throw SQLiteError(code: 11, message: "order \(event.orderID) is unreadable")
                    }
                    if SHA256.hex(order.message) != order.messageSHA256 {
                        problem = "order \(order.id): its stored message no longer matches its SHA-256: the message was changed"
                        return
                    }
                    digests[event.orderID] = order.digest
                }
                if event.expectedHash(orderDigest: digests[event.orderID] ?? "") != event.hash {
                    problem = "event \(event.sequence) (order \(event.orderID)): its hash does not match: the event or its order's fields were changed"
                    return
                }
                previous = event.hash
                if event.hash == expectedHead { sawExpectedHead = true }
            }
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
