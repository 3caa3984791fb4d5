import Foundation
import OrderMailCore

/// The local record of every order and what became of it: SQLite in WAL mode, `synchronous=FULL`,
/// writes in `BEGIN IMMEDIATE` transactions, events chained by SHA-256 so that edits show.
public final class Ledger {
    /// The hash the first event's `previousHash` holds.
    public static let genesisHash = String(repeating: "0", count: 64)

    let database: SQLiteDatabase
    /// Where the ledger is.
    public let location: LedgerLocation
    /// Who records what this process writes.
    public let operatorName: String
    /// The operating-system account, kept beside the operator.
    private let osUser: String
    /// Orders this connection recorded a `sending` for: their outcome is this process's to record.
    private var ownSends: Set<Int64> = []
    /// Where this user notes the newest event seen, after opening and after each write.
    public let witness: LedgerWitness?

    private init(database: SQLiteDatabase, location: LedgerLocation, operatorName: String, witness: LedgerWitness?) {
        self.database = database
        self.location = location
        self.operatorName = operatorName
        self.witness = witness
        osUser = Operator.loginName
    }

    /// Opens the ledger, creating it when `create` is set; nil when it does not exist and `create` is not set.
    ///
    /// A file that is not a SQLite database, or one written by a newer ordermail, is refused before
    /// anything is written to it.
    /// - Parameters:
    ///   - operatorName: who is recorded with every event this process writes.
    ///   - witness: this user's witness: a ledger shorter than, or diverging from, what it saw is
    ///     refused (unless `checkingWitness` is off, for `ledger verify`, which reports it instead);
    ///     the newest event is noted in it after opening and after each write.
    ///   - onWait: called each time this connection starts to wait for another's write lock
    ///     (another ordermail is writing the ledger), before it waits.
    public static func open(
        _ location: LedgerLocation, create: Bool, operatorName: String = Operator.loginName,
        witness: LedgerWitness? = nil,
        checkingWitness: Bool = true, onWait: (() -> Void)? = nil
    ) throws(OrderMailError) -> Ledger? {
        if location.exists {
            try location.checkExisting()
        } else {
            guard create else { return nil }
            try location.createIfMissing()
        }
        let database: SQLiteDatabase
        do { database = try SQLiteDatabase(path: location.path) } catch { throw error.orderMailError(location.path) }
        database.onWait = onWait
        let ledger = Ledger(database: database, location: location, operatorName: operatorName, witness: witness)
        try ledger.prepareSchema()
        if let witness, checkingWitness {
            try witness.check(ledger)
            try witness.note(ledger)
        }
        return ledger
    }

    private func prepareSchema() throws(OrderMailError) {
        let version: Int
        do {
            version = Int(try database.query("PRAGMA user_version").first?.first?.integer ?? 0)
        } catch {
            throw .ledger("ledger: \(location.path) is not an ordermail ledger (\(error.message))", .data)
        }
        guard version <= LedgerSchema.currentVersion else {
            throw .ledger(
                "ledger: \(location.path) was written by a newer ordermail (schema version \(version); this one reads up to \(LedgerSchema.currentVersion))",
                .data)
        }
        if version == 0 {
            let tables = try run { try database.query("SELECT count(*) FROM sqlite_master").first?.first?.integer ?? 0 }
            guard tables == 0 else {
                throw .ledger("ledger: \(location.path) is a SQLite database, but not an ordermail ledger", .data)
            }
        }
        try run { try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") }
        defer { try? database.execute("PRAGMA foreign_keys=ON;") }
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
        do { return try body() } catch let error as SQLiteError { throw error.orderMailError(location.path) } catch let
            error as OrderMailError
        {
            throw error
        } catch {
            throw .ledger("ledger: \(location.path): \(error)", .temporary)
        }
    }

    // MARK: Writing

    /// Stores a new order with its first events, in one transaction; returns the order's id.
    @discardableResult
    public func record(_ order: NewOrder, events: [EventDraft], at date: Date) throws(OrderMailError) -> Int64 {
        try inOneTransaction { () throws(OrderMailError) in
            var record = order.record
            record.createdAt = DateFormats.timestamp(date)
            record.recordedBy = operatorName
            let columns = OrderRecord.columns.dropFirst()
            try insert(into: "orders", columns: columns.map(\.name), columns.map { $0.value(record) })
            record.id = database.lastInsertedRowID
            let id = record.id
            // The chain covers the units in the order they are read back (by upper-case HSA-id),
            // whatever the order they were given in.
            let key = { (unit: UnitRecord) in HSAIDAnalysis.upperCased(unit.hsaID) }
            let isSorted = zip(order.units, order.units.dropFirst()).allSatisfy { key($0) <= key($1) }
            let units = isSorted ? order.units : order.units.sorted { key($0) < key($1) }
            try run {
                try database.executeForEach(
                    "INSERT INTO order_units (order_id, hsa_id, hsa_id_normalized, name) VALUES (?, ?, ?, ?)",
                    units.lazy.map { [.integer(id), .text($0.hsaID), .text(key($0)), .text($0.name)] })
            }
            for event in events { try appendLocked(event, to: record, units: units, at: date) }
            return record.id
        }
    }

    /// Stores a new order with its first event; returns the order's id.
    @discardableResult
    public func record(_ order: NewOrder, firstEvent: EventType, at date: Date) throws(OrderMailError) -> Int64 {
        try record(order, events: [EventDraft(type: firstEvent)], at: date)
    }

    /// Records `order` as a draft and, in the same transaction, hands its id to `deliver` (which
    /// writes the message where the user asked): if that fails (a full disk), the draft is not
    /// recorded either. Returns the order's id.
    public func recordDraft(
        _ order: NewOrder, at date: Date, deliver: (Int64) throws(OrderMailError) -> Void
    ) throws(OrderMailError) -> Int64 {
        try inOneTransaction { () throws(OrderMailError) in
            let id = try record(order, firstEvent: .draft, at: date)
            try deliver(id)
            return id
        }
    }

    /// Runs `body`, whose writes all land in one transaction or not at all, under the write lock
    /// from its first statement (`BEGIN IMMEDIATE`): what it reads cannot change before it writes.
    public func inOneTransaction<T>(_ body: () throws(OrderMailError) -> T) throws(OrderMailError) -> T {
        try checkIntegrityBeforeWriting()
        let outermost = !database.inTransaction
        let result = try database.writeTransaction(body)
        if outermost, let witness { try witness.note(self) }
        return result
    }

    /// Whether SQLite's `quick_check` passed in this process.
    private var integrityChecked = false

    /// Before the first write of a process, the file's check: a damaged ledger (truncated,
    /// overwritten) is refused rather than written to.
    private func checkIntegrityBeforeWriting() throws(OrderMailError) {
        guard !integrityChecked else { return }
        if let damage = try fileDamage() { throw Self.damaged(location.path, damage) }
        integrityChecked = true
    }

    /// What SQLite's `quick_check` and the file's size say is wrong with the database file, or nil.
    func fileDamage() throws(OrderMailError) -> String? {
        let result: [[SQLValue]]
        do { result = try database.query("PRAGMA quick_check") } catch { return error.message }
        let verdict = result.compactMap { $0.first?.text }
        guard verdict == ["ok"] else { return verdict.first ?? "quick_check gave no answer" }
        // SQLite reads a file cut short as if the rest were zeros; a database file is always whole pages.
        let pageSize = try run { try database.query("PRAGMA page_size").first?.first?.integer ?? 4096 }
        var info = stat()
        if stat(location.path, &info) == 0, pageSize > 0, Int64(info.st_size) % pageSize != 0 {
            return
                "its size, \(info.st_size) bytes, is not a whole number of \(pageSize)-byte pages: it was cut short or added to"
        }
        return nil
    }

    private static func damaged(_ path: String, _ detail: String) -> OrderMailError {
        .ledger(
            "ledger: \(path) is damaged (\(detail)); nothing was written: run ordermail ledger verify, and recover the rows with sqlite3 \(path) .recover | sqlite3 recovered.sqlite3",
            .data)
    }

    /// Appends an event to order `id`'s history, if the order's life allows it after its status.
    public func append(_ event: EventDraft, toOrder id: Int64, at date: Date) throws(OrderMailError) {
        try inOneTransaction { () throws(OrderMailError) in
            guard let order = try order(id: id) else { throw .ledger("ledger: there is no order \(id)", .data) }
            let status = try status(ofOrder: id, at: date)
            if status == .sending, !ownSends.contains(id), !OrderLifecycle.informational.contains(event.type) {
                throw .ledger(try sendingRefusal(event.type, order: id), .data)
            }
            guard OrderLifecycle.allows(event.type, after: status, kind: order.kind) else {
                throw .ledger(OrderLifecycle.refusal(event.type, after: status, kind: order.kind, order: id), .data)
            }
            try appendLocked(event, to: order, units: try units(ofOrder: id), at: date)
        }
    }

    /// Why nothing but a note can be recorded on an order another live process is sending: its
    /// outcome (sent, failed, unknown, with the server's reply) is that process's to record.
    private func sendingRefusal(_ event: EventType, order id: Int64) throws(OrderMailError) -> String {
        let text = try run {
            try database.query(
                "SELECT attempt FROM events WHERE order_id = ? AND type = 'sending' ORDER BY sequence DESC LIMIT 1",
                [.integer(id)])
        }.first?.first?.text
        let who = text.flatMap(SendingAttempt.init(text:)).map { " by process \($0.processID) on \($0.host)" } ?? ""
        return
            "order \(id) is being sent now\(who): \(event.rawValue) cannot be recorded until that send ends and records its outcome"
    }

    private func appendLocked(_ draft: EventDraft, to order: OrderRecord, units: [UnitRecord], at date: Date)
        throws(OrderMailError)
    {
        // The chain's newest link gives both the previous hash and the next sequence number.
        let newest = try chainHead()
        var event = EventRecord()
        event.sequence = (newest?.sequence ?? 0) + 1
        event.orderID = order.id
        event.at = DateFormats.timestamp(date)
        event.type = draft.type
        event.detail = draft.detail
        event.supportCase = draft.supportCase
        event.note = draft.note
        event.effectiveDate = draft.effectiveDate
        event.attempt = draft.attempt?.text
        event.serverMessageID = draft.serverMessageID
        event.mail = draft.mail?.bytes
        event.mailSHA256 = draft.mail?.sha256
        event.mailMessageID = draft.mail?.messageID
        event.units = draft.units.map { $0.joined(separator: "\n") }
        event.recordedBy = operatorName
        event.osUser = osUser
        event.previousHash = newest?.hash ?? Self.genesisHash
        event.hash = event.expectedHash(orderDigest: order.digest(version: event.hashVersion, units: units))
        try insert(
            into: "events", columns: EventRecord.columns.map(\.name), EventRecord.columns.map { $0.value(event) })
        if let mail = draft.mail { try recordMailKeys(mail, sequence: event.sequence) }
        if draft.type == .sending { ownSends.insert(order.id) }
    }

    private func insert(into table: String, columns: [String], _ values: [SQLValue]) throws(OrderMailError) {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try run {
            _ = try database.query(
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", values)
        }
    }

    // MARK: Reading

    /// The order with `id`, or nil.
    public func order(id: Int64) throws(OrderMailError) -> OrderRecord? {
        let rows = try run {
            try database.query("SELECT \(OrderRecord.columns.sqlList()) FROM orders WHERE id = ?", [.integer(id)])
        }
        guard let row = rows.first else { return nil }
        guard let record = OrderRecord.columns.decode(row[...], into: OrderRecord()) else {
            throw .ledger("ledger: order \(id) has unreadable fields; run ordermail ledger verify", .data)
        }
        return record
    }

    /// Order `id`'s events, oldest first.
    /// - Parameter withMail: whether each event's stored message is read too; without it, `mail`
    ///   is nil and ``mail(ofEvent:)`` reads one at a time (`show`, for an order with many replies).
    public func events(ofOrder id: Int64, withMail: Bool = true) throws(OrderMailError) -> [EventRecord] {
        let columns = EventRecord.columns.map { withMail || $0.name != "mail" ? $0.name : "NULL" }.joined(
            separator: ", ")
        let rows = try run {
            try database.query("SELECT \(columns) FROM events WHERE order_id = ? ORDER BY sequence", [.integer(id)])
        }
        var events: [EventRecord] = []
        for row in rows {
            guard let event = EventRecord.columns.decode(row[...], into: EventRecord()) else {
                throw .ledger("ledger: an event of order \(id) is unreadable; run ordermail ledger verify", .data)
            }
            events.append(event)
        }
        return events
    }

    /// The message stored with the event at `sequence` (a reply, a bounce), if it has one.
    public func mail(ofEvent sequence: Int64) throws(OrderMailError) -> [UInt8]? {
        let rows = try run { try database.query("SELECT mail FROM events WHERE sequence = ?", [.integer(sequence)]) }
        guard case .blob(let bytes)? = rows.first?.first else { return nil }
        return bytes
    }

    /// The units of bulk-TAK order `id`, by HSA-id.
    public func units(ofOrder id: Int64) throws(OrderMailError) -> [UnitRecord] {
        let rows = try run {
            try database.query(
                "SELECT hsa_id, name FROM order_units WHERE order_id = ? ORDER BY hsa_id_normalized", [.integer(id)])
        }
        return rows.compactMap { row in
            guard let hsaID = row[0].text, let name = row[1].text else { return nil }
            return UnitRecord(hsaID: hsaID, name: name)
        }
    }

    /// Order `id`'s status at `now`: its latest event that is not informational, except that a
    /// `sending` whose attempt is over is `unknown` (the server may have the message).
    public func status(ofOrder id: Int64, at now: Date = Date()) throws(OrderMailError) -> EventType {
        let rows = try run {
            try database.query(
                "SELECT type, attempt FROM events WHERE order_id = ? AND type NOT IN (\(OrderLifecycle.informationalSQL)) ORDER BY sequence DESC LIMIT 1",
                [.integer(id)])
        }
        guard let type = rows.first?[0].text.flatMap(EventType.init(rawValue:)) else {
            throw .ledger("ledger: order \(id) has no readable events; run ordermail ledger verify", .data)
        }
        return Self.effectiveStatus(type, attempt: rows.first?[1].text, at: now)
    }

    /// A `sending` whose attempt is over, or whose attempt was not recorded, is `unknown`.
    static func effectiveStatus(_ type: EventType, attempt: String?, at now: Date) -> EventType {
        guard type == .sending else { return type }
        guard let attempt = attempt.flatMap(SendingAttempt.init(text:)) else { return .unknown }
        return attempt.isOver(at: now) ? .unknown : .sending
    }
}

/// A message that came back, as an event keeps it.
public struct ReceivedMessage: Equatable, Sendable {
    public var bytes: [UInt8]
    public var sha256: String
    public var messageID: String?

    public init(bytes: [UInt8], sha256: String, messageID: String?) {
        self.bytes = bytes
        self.sha256 = sha256
        self.messageID = messageID
    }
}

/// An event to append: its type and what a person or the server said.
public struct EventDraft: Equatable, Sendable {
    public var type: EventType
    public var detail: String?
    public var supportCase: String?
    public var note: String?
    /// When support says the whitelisting takes effect.
    public var effectiveDate: String?
    /// For `sending`: who is sending.
    public var attempt: SendingAttempt?
    /// For `sent`: the Message-ID the server assigned.
    public var serverMessageID: String?
    /// For an imported message (reply, bounce, auto-reply, note): the message itself.
    public var mail: ReceivedMessage?
    /// For an answer about some of an activation order's units: their HSA-ids, upper case.
    public var units: [String]?

    public init(
        type: EventType, detail: String? = nil, supportCase: String? = nil, note: String? = nil,
        effectiveDate: String? = nil, attempt: SendingAttempt? = nil, serverMessageID: String? = nil,
        mail: ReceivedMessage? = nil
    ) {
        self.mail = mail
        self.type = type
        self.detail = detail
        self.supportCase = supportCase
        self.note = note
        self.effectiveDate = effectiveDate
        self.attempt = attempt
        self.serverMessageID = serverMessageID
    }
}
