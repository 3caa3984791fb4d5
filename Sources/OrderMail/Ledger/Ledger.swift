import Foundation

/// The local record of every order and what became of it: SQLite in WAL mode, `synchronous=FULL`,
/// writes in `BEGIN IMMEDIATE` transactions, events chained by SHA-256 so that edits show.
public final class Ledger {
    /// The hash the first event's `previousHash` holds.
    public static let genesisHash = String(repeating: "0", count: 64)

    let database: SQLiteDatabase
    /// Where the ledger is.
    public let location: LedgerLocation
    /// The operating-system user, who records what this process writes.
    private let user: String

    private init(database: SQLiteDatabase, location: LedgerLocation) {
        self.database = database
        self.location = location
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            user = String(cString: name)
        } else {
            user = "uid \(geteuid())"
        }
    }

    /// Opens the ledger, creating it when `create` is set; nil when it does not exist and `create` is not set.
    ///
    /// A file that is not a SQLite database, or one written by a newer ordermail, is refused before
    /// anything is written to it.
    public static func open(_ location: LedgerLocation, create: Bool) throws(OrderMailError) -> Ledger? {
        if !location.exists {
            guard create else { return nil }
            try location.createIfMissing()
        }
        let database: SQLiteDatabase
        do { database = try SQLiteDatabase(path: location.path) } catch { throw error.orderMailError }
        let ledger = Ledger(database: database, location: location)
        try ledger.prepareSchema()
        return ledger
    }

    private func prepareSchema() throws(OrderMailError) {
        let version: Int
        do {
            version = Int(try database.query("PRAGMA user_version").first?.first?.integer ?? 0)
        } catch {
            throw .ledger("\(location.path) is not an ordermail ledger (\(error.message))", .data)
        }
        guard version <= LedgerSchema.currentVersion else {
            throw .ledger(
                "\(location.path) was written by a newer ordermail (schema version \(version); this one reads up to \(LedgerSchema.currentVersion))",
                .data)
        }
        if version == 0 {
            let tables = try run { try database.query("SELECT count(*) FROM sqlite_master").first?.first?.integer ?? 0 }
            guard tables == 0 else { throw .ledger("\(location.path) is a SQLite database, but not an ordermail ledger", .data) }
        }
        try run {
            try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        }
        guard version < LedgerSchema.currentVersion else { return }
        try database.writeTransaction { () throws(OrderMailError) in
            // Read again under the write lock: another process may have migrated meanwhile.
            let locked = Int(try run { try database.query("PRAGMA user_version").first?.first?.integer ?? 0 })
            for step in locked..<LedgerSchema.currentVersion {
                try run { try database.execute(LedgerSchema.migrations[step]) }
            }
            try run { try database.execute("PRAGMA user_version = \(LedgerSchema.currentVersion)") }
        }
    }

    /// Runs a database call, turning its error into the user-facing one.
    func run<T>(_ body: () throws -> T) throws(OrderMailError) -> T {
        do { return try body() } catch let error as SQLiteError { throw error.orderMailError } catch {
            throw .ledger("ledger: \(error)", .temporary)
        }
    }

    // MARK: Writing

    /// Stores a new order with its first event, in one transaction; returns the order's id.
    public func record(_ order: NewOrder, firstEvent: EventType, at date: Date) throws(OrderMailError) -> Int64 {
        try database.writeTransaction { () throws(OrderMailError) in
            var record = order.record(createdAt: DateFormats.timestamp(date), recordedBy: user)
            try insert(into: "orders", columns: Array(LedgerSchema.orderColumns.dropFirst()), Array(record.row.dropFirst()))
            record.id = database.lastInsertedRowID
            try appendLocked(EventDraft(type: firstEvent), to: record, at: date)
            return record.id
        }
    }

    /// Runs `body`, whose writes all land in one transaction or not at all.
    public func inOneTransaction<T>(_ body: () throws(OrderMailError) -> T) throws(OrderMailError) -> T {
        try database.writeTransaction(body)
    }

    /// Appends an event to order `id`'s history.
    public func append(_ event: EventDraft, toOrder id: Int64, at date: Date) throws(OrderMailError) {
        try database.writeTransaction { () throws(OrderMailError) in
            guard let order = try order(id: id) else {
                throw .ledger("ledger: there is no order \(id)", .data)
            }
            try appendLocked(event, to: order, at: date)
        }
    }

    private func appendLocked(_ draft: EventDraft, to order: OrderRecord, at date: Date) throws(OrderMailError) {
        // The newest event gives both the chain's previous hash and the next sequence number.
        let newest = try run { try database.query("SELECT sequence, hash FROM events ORDER BY sequence DESC LIMIT 1").first }
        var event = EventRecord(
            sequence: (newest?[0].integer ?? 0) + 1, orderID: order.id, at: DateFormats.timestamp(date), type: draft.type,
            detail: draft.detail, supportCase: draft.supportCase, note: draft.note, recordedBy: user,
            previousHash: newest?[1].text ?? Self.genesisHash, hash: "")
        event.hash = event.expectedHash(orderDigest: order.digest)
        try insert(into: "events", columns: LedgerSchema.eventColumns, event.row)
    }

    private func insert(into table: String, columns: [String], _ values: [SQLValue]) throws(OrderMailError) {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try run { _ = try database.query("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", values) }
    }

    // MARK: Reading

    /// The order with `id`, or nil.
    public func order(id: Int64) throws(OrderMailError) -> OrderRecord? {
        let rows = try run {
            try database.query("SELECT \(LedgerSchema.orderColumns.joined(separator: ", ")) FROM orders WHERE id = ?", [.integer(id)])
        }
        guard let row = rows.first else { return nil }
        guard let record = OrderRecord(row: row) else { throw .ledger("ledger: order \(id) has unreadable fields", .data) }
        return record
    }

    /// Order `id`'s events, oldest first.
    public func events(ofOrder id: Int64) throws(OrderMailError) -> [EventRecord] {
        let rows = try run {
            try database.query(
                "SELECT \(LedgerSchema.eventColumns.joined(separator: ", ")) FROM events WHERE order_id = ? ORDER BY sequence",
                [.integer(id)])
        }
        var events: [EventRecord] = []
        for row in rows {
            guard let event = EventRecord(row: row) else { throw .ledger("ledger: an event of order \(id) is unreadable", .data) }
            events.append(event)
        }
        return events
    }

}

/// An event to append: its type and what a person or the server said.
public struct EventDraft: Equatable, Sendable {
    public var type: EventType
    public var detail: String?
    public var supportCase: String?
    public var note: String?

    public init(type: EventType, detail: String? = nil, supportCase: String? = nil, note: String? = nil) {
        self.type = type
        self.detail = detail
        self.supportCase = supportCase
        self.note = note
    }
}
