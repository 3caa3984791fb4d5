import OrderMailCore

/// Which orders `list` shows; every criterion that is set must hold.
public struct OrderFilter: Equatable, Sendable {
    public var kind: OrderKind?
    public var environment: Environment?
    /// Compared in upper case.
    public var hsaID: String?
    /// Current status is one of these; empty means any but `discarded` (unless `includesDiscarded`).
    public var statuses: Set<EventType> = []
    /// Whether discarded orders are listed when no status is asked for.
    public var includesDiscarded = false
    /// Created on or after this day (UTC).
    public var since: CalendarDate?
    /// Created on or before this day (UTC).
    public var until: CalendarDate?
    /// Only orders that wait for an answer or an action (see ``OrderLifecycle/awaiting(_:)``), whose
    /// latest event is at or before this instant (`yyyy-MM-ddTHH:mm:ssZ`).
    public var awaitingSince: String?
    /// The region's reference contains this text (any case).
    public var reference: String?
    /// A bulk-TAK order that holds this unit (HSA-id, any case).
    public var unit: String?
    /// Leaves this order out.
    public var excludedID: Int64?
    /// At most this many, newest first.
    public var limit: Int?

    public init() {}

    /// Whether an order whose effective status is `status` (and latest event at `statusAt`) is selected;
    /// the conditions SQL cannot decide, because a `sending` may turn out to be `unknown`.
    func admits(status: EventType, statusAt: String) -> Bool {
        if !statuses.isEmpty { return statuses.contains(status) }
        if status == .discarded, !includesDiscarded { return false }
        if let awaitingSince { return OrderLifecycle.awaiting(status) != nil && statusAt <= awaitingSince }
        return true
    }

    /// The SQL `WHERE` clause and its parameters, over `orders o` joined with its latest event `e`.
    var whereClause: (sql: String, parameters: [SQLValue]) {
        // Compliance checks recorded as orders before schema 8 are checks, not orders (`checks list`).
        var conditions = ["o.kind <> '\(OrderKind.complianceCheck.rawValue)'"]
        var parameters: [SQLValue] = []
        func add(_ condition: String, _ values: SQLValue...) {
            conditions.append(condition)
            parameters += values
        }
        if let kind { add("o.kind = ?", .text(kind.rawValue)) }
        if let environment { add("o.environment = ?", .text(environment.rawValue)) }
        if let hsaID { add("o.hsa_id_normalized = ?", .text(HSAIDAnalysis.upperCased(hsaID))) }
        if !statuses.isEmpty {
            // A sending whose attempt is over shows as unknown: read both, decide after.
            let types = statuses.contains(.unknown) ? statuses.union([.sending]) : statuses
            add("e.type IN (\(Array(repeating: "?", count: types.count).joined(separator: ", ")))")
            parameters += types.map(\.rawValue).sorted().map(SQLValue.text)
        }
        if let since { add("o.created_at >= ?", .text("\(since)T00:00:00Z")) }
        if let until { add("substr(o.created_at, 1, 10) <= ?", .text(until.description)) }
        if let excludedID { add("o.id <> ?", .integer(excludedID)) }
        if awaitingSince != nil {
            // A whitelisting order superseded by a later one for the same HSA-id and environment
            // that was not discarded waits for nothing.
            add(
                """
                NOT (o.kind = 'whitelisting' AND EXISTS (SELECT 1 FROM orders later WHERE later.kind = 'whitelisting'
                    AND later.hsa_id_normalized = o.hsa_id_normalized AND later.environment IS o.environment AND later.id > o.id
                    AND (SELECT type FROM events WHERE order_id = later.id AND type NOT IN (\(OrderLifecycle.informationalSQL))
                         ORDER BY sequence DESC LIMIT 1) <> 'discarded'))
                """)
        }
        if let reference { add("instr(lower(o.reference), lower(?)) > 0", .text(reference)) }
        if let unit {
            add(
                "o.id IN (SELECT order_id FROM order_units WHERE hsa_id_normalized = ?)",
                .text(HSAIDAnalysis.upperCased(unit)))
        }
        return ("WHERE " + conditions.joined(separator: " AND "), parameters)
    }
}
