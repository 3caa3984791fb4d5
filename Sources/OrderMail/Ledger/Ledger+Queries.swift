extension Ledger {
    /// Hands each order that `filter` selects to `body`, newest first, with its current status.
    /// Rows are streamed, so a large ledger is never held in memory at once.
    public func forEachSummary(_ filter: OrderFilter, _ body: (OrderSummary) throws -> Void) throws(OrderMailError) {
        let (sql, parameters) = Self.summaryQuery(filter)
        try run {
            try database.forEachRow(sql, parameters) { row throws(SQLiteError) in
                guard let id = row.integer(0), let createdAt = row.text(1),
                      let kind = row.text(2).flatMap(OrderKind.init(rawValue:)), let hsaID = row.text(5),
                      let systemName = row.text(6), let messageID = row.text(7),
                      let status = row.text(8).flatMap(EventType.init(rawValue:)), let statusAt = row.text(9)
                else { throw SQLiteError(code: 11, message: "an order row is unreadable") }
                let summary = OrderSummary(
                    id: id, createdAt: createdAt, kind: kind, environment: row.text(3), platform: row.text(4),
                    hsaID: hsaID, systemName: systemName, messageID: messageID, status: status, statusAt: statusAt)
                do { try body(summary) } catch { throw SQLiteError(code: 1, message: "\(error)") }
            }
        }
    }

    /// The SQL and parameters that read the orders `filter` selects with their latest event.
    /// events_latest covers the event's type and time; by rowid, SQLite would read the whole event row.
    static func summaryQuery(_ filter: OrderFilter) -> (sql: String, parameters: [SQLValue]) {
        let (conditions, parameters) = filter.whereClause
        let limit = filter.limit.map { "LIMIT \($0)" } ?? ""
        let sql = """
            SELECT o.id, o.created_at, o.kind, o.environment, o.platform, o.hsa_id, o.system_name, o.message_id, e.type, e.at
            FROM orders o JOIN events e INDEXED BY events_latest
                ON e.order_id = o.id AND e.sequence = (SELECT max(sequence) FROM events WHERE order_id = o.id)
            \(conditions) ORDER BY o.id DESC \(limit)
            """
        return (sql, parameters)
    }

    /// The orders `filter` selects, newest first.
    public func summaries(_ filter: OrderFilter) throws(OrderMailError) -> [OrderSummary] {
        var result: [OrderSummary] = []
        try forEachSummary(filter) { result.append($0) }
        return result
    }

    /// The newest whitelisting order for `hsaID` in `environment` whose status is one of `statuses`,
    /// leaving out order `excluding`.
    public func latestWhitelisting(
        hsaID: HSAID, environment: Environment, statuses: Set<EventType>, excluding: Int64? = nil
    ) throws(OrderMailError) -> OrderSummary? {
        var filter = OrderFilter()
        filter.kind = .whitelisting
        filter.environment = environment
        filter.hsaID = hsaID.normalized
        filter.statuses = statuses
        filter.excludedID = excluding
        filter.limit = 1
        return try summaries(filter).first
    }
}
