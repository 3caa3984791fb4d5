import Foundation
import OrderMailCore

extension Ledger {
    /// Hands each order that `filter` selects to `body`, newest first, with its current status.
    /// Rows are streamed, so a large ledger is never held in memory at once. With `register`, each
    /// summary also carries the fields the register's CSV adds (``OrderSummary/register``).
    public func forEachSummary(
        _ filter: OrderFilter, at now: Date = Date(), register: Bool = false, _ body: (OrderSummary) throws -> Void
    ) throws(OrderMailError) {
        let (sql, parameters) = Self.summaryQuery(filter, register: register)
        var remaining = filter.limit ?? Int.max
        try run {
            try database.forEachRow(sql, parameters) { row throws(SQLiteError) -> Bool in
                guard remaining > 0 else { return false }
                guard let id = row.integer(0), let createdAt = row.text(1),
                    let kind = row.text(2).flatMap(OrderKind.init(rawValue:)), let hsaID = row.text(5),
                    let systemName = row.text(6), let messageID = row.text(7),
                    let latest = row.text(8).flatMap(EventType.init(rawValue:)), let statusAt = row.text(9)
                else { throw SQLiteError.unreadable("an order row is unreadable; run ordermail ledger verify") }
                let status = Self.effectiveStatus(latest, attempt: row.text(10), at: now)
                guard filter.admits(status: status, statusAt: statusAt) else { return true }
                remaining -= 1
                var summary = OrderSummary(
                    id: id, createdAt: createdAt, kind: kind, environment: row.text(3), platform: row.text(4),
                    hsaID: hsaID, systemName: systemName, messageID: messageID, reference: row.text(11),
                    requestedDate: row.text(12), supportCase: row.text(13), status: status, statusAt: statusAt)
                if register {
                    summary.register = OrderSummary.RegisterFields(
                        vendor: row.text(14), contactName: row.text(15), contactEmail: row.text(16),
                        sentAt: row.text(17),
                        answeredAt: row.text(18), effectiveDate: row.text(19), serverMessageID: row.text(20))
                }
                do { try body(summary) } catch { throw SQLiteError.failed("\(error)") }
                return true
            }
        }
    }

    /// The SQL and parameters that read the orders `filter` selects with their latest event (and,
    /// with `register`, the register's further fields).
    static func summaryQuery(_ filter: OrderFilter, register: Bool = false) -> (sql: String, parameters: [SQLValue]) {
        let (conditions, parameters) = filter.whereClause
        let answers = OrderLifecycle.answers.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        let registerColumns =
            register
            ? """
            , o.vendor, o.contact_name, o.contact_email,
                (SELECT at FROM events WHERE order_id = o.id AND type IN ('sent', 'recorded') ORDER BY sequence LIMIT 1),
                (SELECT at FROM events WHERE order_id = o.id AND type IN (\(answers)) ORDER BY sequence DESC LIMIT 1),
                (SELECT effective_date FROM events WHERE order_id = o.id AND effective_date IS NOT NULL ORDER BY sequence DESC LIMIT 1),
                (SELECT server_message_id FROM events WHERE order_id = o.id AND server_message_id IS NOT NULL ORDER BY sequence DESC LIMIT 1)
            """ : ""
        let sql = """
            SELECT o.id, o.created_at, o.kind, o.environment, o.platform, o.hsa_id,
                coalesce(o.producer_name, o.system_name), o.message_id, e.type, e.at, e.attempt,
                o.reference, o.requested_date,
                (SELECT support_case FROM events WHERE order_id = o.id AND support_case IS NOT NULL ORDER BY sequence DESC LIMIT 1)
                \(registerColumns)
            FROM orders o JOIN events e
                ON e.order_id = o.id AND e.sequence = (
                    SELECT max(sequence) FROM events WHERE order_id = o.id AND type NOT IN (\(OrderLifecycle.informationalSQL)))
            \(conditions) ORDER BY o.id DESC
            """
        return (sql, parameters)
    }

    /// The orders `filter` selects, newest first.
    public func summaries(_ filter: OrderFilter, at now: Date = Date()) throws(OrderMailError) -> [OrderSummary] {
        var result: [OrderSummary] = []
        try forEachSummary(filter, at: now) { result.append($0) }
        return result
    }

    /// The newest whitelisting order for `hsaID` in `environment` (nil: in any) whose status is one
    /// of `statuses` (empty: any but discarded), leaving out order `excluding`.
    public func latestWhitelisting(
        hsaID: HSAID, environment: Environment?, statuses: Set<EventType>, excluding: Int64? = nil,
        at now: Date = Date()
    ) throws(OrderMailError) -> OrderSummary? {
        var filter = OrderFilter()
        filter.kind = .whitelisting
        filter.environment = environment
        filter.hsaID = hsaID.normalized
        filter.statuses = statuses
        filter.excludedID = excluding
        filter.limit = 1
        return try summaries(filter, at: now).first
    }

    /// For each order with a follow-up the server accepted, when the latest was recorded (UTC
    /// timestamp): a reminder restarts the wait `list --awaiting --days N` counts for its hint.
    public func latestFollowUps() throws(OrderMailError) -> [Int64: String] {
        var result: [Int64: String] = [:]
        try run {
            try database.forEachRow(
                "SELECT order_id, max(at) FROM events WHERE type = ? GROUP BY order_id",
                [.text(EventType.followUpSent.rawValue)]
            ) { row throws(SQLiteError) -> Bool in
                if let id = row.integer(0), let at = row.text(1) { result[id] = at }
                return true
            }
        }
        return result
    }

    /// The bulk-TAK order whose document has this SHA-256, if one was recorded.
    public func bulkTAKOrder(documentSHA256: String) throws(OrderMailError) -> Int64? {
        try run {
            try database.query(
                "SELECT id FROM orders WHERE kind = 'bulk-tak' AND document_sha256 = ? ORDER BY id LIMIT 1",
                [.text(documentSHA256)])
        }.first?.first?.integer
    }
}

extension Ledger {
    /// The kind of order `id`.
    func kind(ofOrder id: Int64) throws(OrderMailError) -> OrderKind {
        let rows = try run { try database.query("SELECT kind FROM orders WHERE id = ?", [.integer(id)]) }
        guard let kind = rows.first?.first?.text.flatMap(OrderKind.init(rawValue:)) else {
            throw .ledger("ledger: there is no readable order \(id); run ordermail ledger verify", .data)
        }
        return kind
    }
}
