/// Which orders `list` shows; every criterion that is set must hold.
public struct OrderFilter: Equatable, Sendable {
    public var kind: OrderKind?
    public var environment: Environment?
    /// Compared in upper case.
    public var hsaID: String?
    /// Current status is one of these; empty means any.
    public var statuses: Set<EventType> = []
    /// Created on or after this day (UTC).
    public var since: CalendarDate?
    /// Created on or before this day (UTC).
    public var until: CalendarDate?
    /// Sent, and its `sent` event at or before this instant (`yyyy-MM-ddTHH:mm:ssZ`): neither confirmed nor rejected yet.
    public var awaitingSince: String?
    /// Leaves this order out.
    public var excludedID: Int64?
    /// At most this many, newest first.
    public var limit: Int?

    public init() {}

    /// The SQL `WHERE` clause and its parameters, over `orders o` joined with its latest event `e`.
    var whereClause: (sql: String, parameters: [SQLValue]) {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if let kind {
            conditions.append("o.kind = ?")
            parameters.append(.text(kind.rawValue))
        }
        if let environment {
            conditions.append("o.environment = ?")
            parameters.append(.text(environment.rawValue))
        }
        if let hsaID {
            conditions.append("o.hsa_id_normalized = ?")
            parameters.append(.text(hsaID.uppercased()))
        }
        if !statuses.isEmpty {
            conditions.append("e.type IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            parameters += statuses.map(\.rawValue).sorted().map(SQLValue.text)
        }
        if let since {
            conditions.append("o.created_at >= ?")
            parameters.append(.text("\(since)T00:00:00Z"))
        }
        if let until {
            conditions.append("substr(o.created_at, 1, 10) <= ?")
            parameters.append(.text(until.description))
        }
        if let excludedID {
            conditions.append("o.id <> ?")
            parameters.append(.integer(excludedID))
        }
        if let awaitingSince {
            conditions.append("e.type = 'sent' AND e.at <= ?")
            parameters.append(.text(awaitingSince))
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), parameters)
    }
}
