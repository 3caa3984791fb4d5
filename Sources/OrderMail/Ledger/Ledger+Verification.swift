import OrderMailCore

/// What `ledger verify` found.
public struct LedgerVerification: Equatable, Sendable {
    public var orderCount: Int
    /// Events of orders and of compliance checks, the links of the chain.
    public var eventCount: Int
    /// Compliance checks recorded since schema version 8 (those recorded earlier are orders).
    public var checkCount: Int
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
        if let damage = try fileDamage() {
            return LedgerVerification(
                orderCount: 0, eventCount: 0, checkCount: 0, headHash: Self.genesisHash,
                problem: "the file is damaged: \(damage)")
        }
        var previous = Self.genesisHash
        var eventCount = 0
        // Each order's digest per hash version, not the order itself: its stored message is read
        // once, checked and let go. Events are read one row at a time (a reply's bytes included).
        var digests: [Int64: [Int64: String]] = [:]
        var units: [Int64: [UnitRecord]] = [:]
        var problem: String?
        var failure: OrderMailError?
        var sawExpectedHead = expectedHead == nil || expectedHead == Self.genesisHash
        // The compliance checks' events (few) are read first and taken in their place in the sequence.
        var checkEvents: [CheckEventRecord] = []
        for row in try run({
            try database.query("SELECT \(CheckEventRecord.columns.sqlList()) FROM check_events ORDER BY sequence DESC")
        }) {
            guard let event = CheckEventRecord.columns.decode(row[...], into: CheckEventRecord()) else {
                return LedgerVerification(
                    orderCount: 0, eventCount: 0, checkCount: 0, headHash: previous,
                    problem: "a compliance check's event row is unreadable: it was changed outside ordermail")
            }
            checkEvents.append(event)
        }
        var checkDigests: [Int64: String] = [:]
        /// Takes the checks' events before `sequence` (all of them when nil); false at a problem.
        func takeCheckEvents(before sequence: Int64?) -> Bool {
            while let event = checkEvents.last, sequence.map({ event.sequence < $0 }) ?? true {
                checkEvents.removeLast()
                eventCount += 1
                if event.previousHash != previous {
                    problem =
                        "event \(event.sequence) (compliance check \(event.checkID)): its previous hash does not match the event before it: an event was removed, inserted or changed before it"
                    return false
                }
                if checkDigests[event.checkID] == nil {
                    do throws(OrderMailError) {
                        guard let check = try complianceCheck(id: event.checkID) else {
                            problem =
                                "event \(event.sequence) refers to compliance check \(event.checkID), which is missing: the check was removed"
                            return false
                        }
                        checkDigests[event.checkID] = try checkDigest(check)
                    } catch {
                        problem = "compliance check \(event.checkID) is unreadable: it was changed outside ordermail"
                        return false
                    }
                }
                if event.expectedHash(checkDigest: checkDigests[event.checkID] ?? "") != event.hash {
                    problem =
                        "event \(event.sequence) (compliance check \(event.checkID)): its hash does not match: the event or its check's fields were changed"
                    return false
                }
                previous = event.hash
                if event.hash == expectedHead { sawExpectedHead = true }
            }
            return true
        }
        let sql = "SELECT \(EventRecord.columns.sqlList()) FROM events ORDER BY sequence"
        try run {
            try database.forEachRow(sql) { row throws(SQLiteError) -> Bool in
                guard let event = EventRecord.columns.decode(row.values[...], into: EventRecord()) else {
                    problem = "an event row is unreadable: it was changed outside ordermail"
                    return false
                }
                guard takeCheckEvents(before: event.sequence) else { return false }
                eventCount += 1
                if event.previousHash != previous {
                    problem =
                        "event \(event.sequence) (order \(event.orderID)): its previous hash does not match the event before it: an event was removed, inserted or changed before it"
                    return false
                }
                if digests[event.orderID]?[event.hashVersion] == nil {
                    do throws(OrderMailError) {
                        if units[event.orderID] == nil { units[event.orderID] = try self.units(ofOrder: event.orderID) }
                        let loaded: OrderRecord?
                        do { loaded = try order(id: event.orderID) } catch {
                            problem = "order \(event.orderID) is unreadable: it was changed outside ordermail"
                            return false
                        }
                        guard let order = loaded else {
                            problem =
                                "event \(event.sequence) refers to order \(event.orderID), which is missing: the order was removed"
                            return false
                        }
                        if let messageProblem = Self.messageProblem(order) {
                            problem = messageProblem
                            return false
                        }
                        digests[event.orderID, default: [:]][event.hashVersion] = order.digest(
                            version: event.hashVersion, units: units[event.orderID] ?? [])
                    } catch {
                        failure = error
                        return false
                    }
                }
                guard let digest = digests[event.orderID]?[event.hashVersion] else { return false }
                if event.expectedHash(orderDigest: digest) != event.hash {
                    problem =
                        "event \(event.sequence) (order \(event.orderID)): its hash does not match: the event or its order's fields were changed"
                    return false
                }
                previous = event.hash
                if event.hash == expectedHead { sawExpectedHead = true }
                return true
            }
        }
        if let failure { throw failure }
        if problem == nil { _ = takeCheckEvents(before: nil) }
        let orderCount = Int(try run { try database.query("SELECT count(*) FROM orders").first?.first?.integer ?? 0 })
        let checkCount = Int(
            try run { try database.query("SELECT count(*) FROM compliance_checks").first?.first?.integer ?? 0 })
        if problem == nil {
            let orphans = try run {
                try database.query(
                    "SELECT id FROM orders WHERE id NOT IN (SELECT order_id FROM events) ORDER BY id LIMIT 1")
            }
            let orphanChecks = try run {
                try database.query(
                    "SELECT id FROM compliance_checks WHERE id NOT IN (SELECT check_id FROM check_events) ORDER BY id LIMIT 1"
                )
            }
            if let orphan = orphans.first?.first?.integer {
                problem = "order \(orphan) has no events: it was inserted outside ordermail"
            } else if let orphan = orphanChecks.first?.first?.integer {
                problem = "compliance check \(orphan) has no events: it was inserted outside ordermail"
            } else if !sawExpectedHead, let expectedHead {
                problem =
                    "the expected head \(expectedHead) is not in the chain: the newest events were removed or changed"
            }
        }
        return LedgerVerification(
            orderCount: orderCount, eventCount: eventCount, checkCount: checkCount, headHash: previous, problem: problem
        )
    }

    /// Checks one order before its stored message is sent: the message against its SHA-256, and each
    /// of its events against its hash and its place in the chain. Returns the first problem, or nil.
    public func integrityProblem(ofOrder id: Int64) throws(OrderMailError) -> String? {
        guard let order = try order(id: id) else { return "there is no order \(id)" }
        if let messageProblem = Self.messageProblem(order) { return messageProblem }
        let units = try units(ofOrder: id)
        for event in try events(ofOrder: id) {
            if event.expectedHash(orderDigest: order.digest(version: event.hashVersion, units: units)) != event.hash {
                return
                    "event \(event.sequence) (order \(id)): its hash does not match: the event or its order's fields were changed"
            }
            let before = try run {
                try database.query(
                    "SELECT hash FROM (SELECT sequence, hash FROM events UNION ALL SELECT sequence, hash FROM check_events) WHERE sequence < ? ORDER BY sequence DESC LIMIT 1",
                    [.integer(event.sequence)])
            }
            if (before.first?.first?.text ?? Self.genesisHash) != event.previousHash {
                return "event \(event.sequence) (order \(id)): its previous hash does not match the event before it"
            }
        }
        return nil
    }

    private static func messageProblem(_ order: OrderRecord) -> String? {
        SHA256.hex(order.message) == order.messageSHA256
            ? nil
            : "order \(order.id): its stored message no longer matches its SHA-256: the message was changed"
    }
}
