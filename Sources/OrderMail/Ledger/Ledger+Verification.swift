/// What `ledger verify` found.
public struct LedgerVerification: Equatable, Sendable {
    public var orderCount: Int
    /// Events of orders and of compliance checks, the links of the chain.
    public var eventCount: Int
    /// Compliance checks recorded since schema version 6 (those recorded earlier are orders).
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
            return LedgerVerification(orderCount: 0, eventCount: 0, checkCount: 0, headHash: Self.genesisHash, problem: "the file is damaged: \(damage)")
        }
        var previous = Self.genesisHash
        var eventCount = 0
        var orders: [Int64: (record: OrderRecord, units: [UnitRecord])] = [:]
        var checks: [Int64: String] = [:]
        var problem: String?
        var sawExpectedHead = expectedHead == nil || expectedHead == Self.genesisHash
        let links = try chainLinks()
        for link in links {
            switch link {
            case .unreadable(let what):
                problem = "\(what) row is unreadable: it was changed outside ordermail"
            case .order(let event):
                let sequence = event.sequence
                if event.previousHash != previous {
                    problem = "event \(sequence) (order \(event.orderID)): its previous hash does not match the event before it: an event was removed, inserted or changed before it"
                    break
                }
                if orders[event.orderID] == nil {
                    let loaded: OrderRecord?
                    do { loaded = try order(id: event.orderID) } catch {
                        problem = "order \(event.orderID) is unreadable: it was changed outside ordermail"
                        break
                    }
                    guard let order = loaded else {
                        problem = "event \(sequence) refers to order \(event.orderID), which is missing: the order was removed"
                        break
                    }
                    if let messageProblem = Self.messageProblem(order) {
                        problem = messageProblem
                        break
                    }
                    orders[event.orderID] = (order, try units(ofOrder: order.id))
                }
                guard let (order, units) = orders[event.orderID] else { break }
                if event.expectedHash(orderDigest: order.digest(version: event.hashVersion, units: units)) != event.hash {
                    problem = "event \(sequence) (order \(event.orderID)): its hash does not match: the event or its order's fields were changed"
                }
            case .check(let event):
                let sequence = event.sequence
                if event.previousHash != previous {
                    problem = "event \(sequence) (compliance check \(event.checkID)): its previous hash does not match the event before it: an event was removed, inserted or changed before it"
                    break
                }
                if checks[event.checkID] == nil {
                    let loaded: ComplianceCheckRecord?
                    do { loaded = try complianceCheck(id: event.checkID) } catch {
                        problem = "compliance check \(event.checkID) is unreadable: it was changed outside ordermail"
                        break
                    }
                    guard let check = loaded else {
                        problem = "event \(sequence) refers to compliance check \(event.checkID), which is missing: the check was removed"
                        break
                    }
                    checks[event.checkID] = try checkDigest(check)
                }
                if event.expectedHash(checkDigest: checks[event.checkID] ?? "") != event.hash {
                    problem = "event \(sequence) (compliance check \(event.checkID)): its hash does not match: the event or its check's fields were changed"
                }
            }
            if problem != nil { break }
            switch link {
            case .order(let event): previous = event.hash
            case .check(let event): previous = event.hash
            case .unreadable: break
            }
            eventCount += 1
            if previous == expectedHead { sawExpectedHead = true }
        }
        let orderCount = Int(try run { try database.query("SELECT count(*) FROM orders").first?.first?.integer ?? 0 })
        let checkCount = Int(try run { try database.query("SELECT count(*) FROM compliance_checks").first?.first?.integer ?? 0 })
        if problem == nil {
            let orphans = try run {
                try database.query("SELECT id FROM orders WHERE id NOT IN (SELECT order_id FROM events) ORDER BY id LIMIT 1")
            }
            let orphanChecks = try run {
                try database.query("SELECT id FROM compliance_checks WHERE id NOT IN (SELECT check_id FROM check_events) ORDER BY id LIMIT 1")
            }
            if let orphan = orphans.first?.first?.integer {
                problem = "order \(orphan) has no events: it was inserted outside ordermail"
            } else if let orphan = orphanChecks.first?.first?.integer {
                problem = "compliance check \(orphan) has no events: it was inserted outside ordermail"
            } else if !sawExpectedHead, let expectedHead {
                problem = "the expected head \(expectedHead) is not in the chain: the newest events were removed or changed"
            }
        }
        return LedgerVerification(orderCount: orderCount, eventCount: eventCount, checkCount: checkCount, headHash: previous, problem: problem)
    }

    /// One link of the hash chain.
    private enum ChainLink {
        case order(EventRecord)
        case check(CheckEventRecord)
        case unreadable(String)
    }

    /// Every link of the chain, the orders' events and the checks' events, by sequence.
    private func chainLinks() throws(OrderMailError) -> [ChainLink] {
        let events = try run { try database.query("SELECT \(EventRecord.columns.sqlList()) FROM events ORDER BY sequence") }
        let checkEvents = try run { try database.query("SELECT \(CheckEventRecord.columns.sqlList()) FROM check_events ORDER BY sequence") }
        var links: [(Int64, ChainLink)] = []
        for row in events {
            guard let event = EventRecord.columns.decode(row[...], into: EventRecord()) else { return [.unreadable("an event")] }
            links.append((event.sequence, .order(event)))
        }
        for row in checkEvents {
            guard let event = CheckEventRecord.columns.decode(row[...], into: CheckEventRecord()) else { return [.unreadable("a compliance check's event")] }
            links.append((event.sequence, .check(event)))
        }
        return links.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Checks one order before its stored message is sent: the message against its SHA-256, and each
    /// of its events against its hash and its place in the chain. Returns the first problem, or nil.
    public func integrityProblem(ofOrder id: Int64) throws(OrderMailError) -> String? {
        guard let order = try order(id: id) else { return "there is no order \(id)" }
        if let messageProblem = Self.messageProblem(order) { return messageProblem }
        let units = try units(ofOrder: id)
        for event in try events(ofOrder: id) {
            if event.expectedHash(orderDigest: order.digest(version: event.hashVersion, units: units)) != event.hash {
                return "event \(event.sequence) (order \(id)): its hash does not match: the event or its order's fields were changed"
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
        SHA256.hex(order.message) == order.messageSHA256 ? nil
            : "order \(order.id): its stored message no longer matches its SHA-256: the message was changed"
    }
}
