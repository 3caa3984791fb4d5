import CSQLite
import Foundation
import OrderMailCore

/// A value stored in or read from SQLite.
enum SQLValue: Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    var text: String? { if case .text(let value) = self { value } else { nil } }
    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    var blob: [UInt8]? {
        switch self {
        case .blob(let value): value
        case .text(let value): Array(value.utf8)
        default: nil
        }
    }
}

/// An error from SQLite, with its primary result code and message.
struct SQLiteError: Error {
    var code: Int32
    var message: String

    /// A row the caller cannot read: the database holds what ordermail never writes.
    static func unreadable(_ message: String) -> SQLiteError { SQLiteError(code: SQLITE_CORRUPT, message: message) }

    /// A failure outside SQLite, carried through a row callback.
    static func failed(_ message: String) -> SQLiteError { SQLiteError(code: SQLITE_ERROR, message: message) }

    /// A UNIQUE (or other) constraint refused the write.
    var isConstraintViolation: Bool { code & 0xFF == SQLITE_CONSTRAINT }

    /// The class of failure a user sees.
    var failureClass: FailureClass {
        switch code & 0xFF {
        case SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_FORMAT, SQLITE_MISMATCH, SQLITE_CONSTRAINT: .data
        case SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH: .permission
        case SQLITE_CANTOPEN: errno == EACCES ? .permission : .cannotCreate
        default: .temporary
        }
    }
}

/// A connection to one SQLite database: the only code in ordermail that calls SQLite.
///
/// Every return code is checked; write transactions begin `IMMEDIATE`, so that WAL mode never
/// fails them with `SQLITE_BUSY_SNAPSHOT` instead of waiting for the busy timeout.
///
/// Closing the last connection checkpoints the write-ahead log into the database and removes it
/// (SQLite's default), so that once ordermail has exited the database file alone is a complete copy.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    private let path: String
    /// How many `writeTransaction` calls are running: only the outermost begins and commits.
    private var transactionDepth = 0
    /// How long to wait for another connection's lock before giving up.
    private let busyTimeoutNanoseconds: UInt64
    /// When the current wait began (monotonic clock).
    private var waitStarted: UInt64 = 0
    /// Called when this connection starts to wait for another's lock (each wait, once).
    var onWait: (() -> Void)?

    /// Opens the database at `path`; `create` allows a new file (which the caller has already made).
    init(path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: message)
        }
        self.handle = handle
        self.path = path
        busyTimeoutNanoseconds = UInt64(max(busyTimeoutMilliseconds, 0)) * 1_000_000
        sqlite3_extended_result_codes(handle, 1)
        try check(sqlite3_busy_handler(handle, sqliteWaitForLock, Unmanaged.passUnretained(self).toOpaque()))
    }

    /// SQLite's busy handler: tells ``onWait`` when a wait begins, then sleeps a little at a time
    /// until the lock is free or the timeout has passed (false: give up with `SQLITE_BUSY`).
    fileprivate func waitForLock(attempt: Int32) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        if attempt == 0 {
            waitStarted = now
            onWait?()
        }
        guard now - waitStarted < busyTimeoutNanoseconds else { return false }
        usleep(UInt32(min(Int(attempt) + 1, 20) * 1000))
        return true
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Runs `sql` with `parameters` and returns every row.
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        try forEachRow(sql, parameters) { row throws(SQLiteError) -> Bool in
            rows.append(row.values)
            return true
        }
        return rows
    }

    /// Runs `sql` with `parameters`, handing each row to `body` as it is read, until `body` returns
    /// false; the row is valid only during that call.
    func forEachRow(_ sql: String, _ parameters: [SQLValue] = [], _ body: (SQLiteRow) throws(SQLiteError) -> Bool)
        throws(SQLiteError)
    {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() {
            try bind(parameter, at: Int32(index + 1), in: statement)
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW, let statement else { throw error(code) }
            guard try body(SQLiteRow(statement: statement)) else { return }
        }
    }

    /// Runs one statement once for each row of parameters, prepared once (a bulk-TAK order's units).
    /// The rows are read one at a time (a lazy map makes each as it is bound, not a million at once).
    func executeForEach(_ sql: String, _ rows: some Sequence<[SQLValue]>) throws(SQLiteError) {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
        defer { sqlite3_finalize(statement) }
        for parameters in rows {
            for (index, parameter) in parameters.enumerated() {
                try bind(parameter, at: Int32(index + 1), in: statement)
            }
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else { throw error(code) }
            try check(sqlite3_reset(statement))
        }
    }

    /// The rowid of the last row this connection inserted.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open.
    var inTransaction: Bool { transactionDepth > 0 }

    /// Runs `body` in a transaction that takes the write lock at once; rolls back if it throws.
    /// Called inside another, it joins the outer transaction.
    func writeTransaction<T>(_ body: () throws(OrderMailError) -> T) throws(OrderMailError) -> T {
        if transactionDepth > 0 {
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            return try body()
        }
        do { try execute("BEGIN IMMEDIATE") } catch { throw error.orderMailError(path) }
        transactionDepth = 1
        defer { transactionDepth = 0 }
        let result: T
        do { result = try body() } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do { try execute("COMMIT") } catch {
            try? execute("ROLLBACK")
            throw error.orderMailError(path)
        }
        return result
    }

    private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer?) throws(SQLiteError) {
        switch value {
        case .null: try check(sqlite3_bind_null(statement, index))
        case .integer(let number): try check(sqlite3_bind_int64(statement, index, number))
        case .text(let text):
            try check(
                text.withCString { ordermail_sqlite3_bind_text_copy(statement, index, $0, Int32(text.utf8.count)) })
        case .blob(let bytes):
            try check(
                bytes.withUnsafeBytes {
                    ordermail_sqlite3_bind_blob_copy(
                        statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count))
                })
        }
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }
}

private func sqliteWaitForLock(_ context: UnsafeMutableRawPointer?, _ attempt: Int32) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<SQLiteDatabase>.fromOpaque(context).takeUnretainedValue().waitForLock(attempt: attempt) ? 1 : 0
}

/// The row a statement stands on, read a column at a time, so that a long result is not turned
/// into an array of values per row. Columns count from 0.
struct SQLiteRow {
    fileprivate let statement: OpaquePointer

    /// The column's integer; nil when it holds another type.
    func integer(_ column: Int) -> Int64? {
        sqlite3_column_type(statement, Int32(column)) == SQLITE_INTEGER
            ? sqlite3_column_int64(statement, Int32(column)) : nil
    }

    /// The column's text; nil when it holds another type.
    func text(_ column: Int) -> String? {
        let index = Int32(column)
        guard sqlite3_column_type(statement, index) == SQLITE_TEXT else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        guard let pointer = sqlite3_column_text(statement, index) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Every column, as values.
    var values: [SQLValue] {
        (0..<Int(sqlite3_column_count(statement))).map { column in
            let index = Int32(column)
            switch sqlite3_column_type(statement, index) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
            case SQLITE_TEXT: return .text(text(column) ?? "")
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, index))
                guard let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
            default: return .null
            }
        }
    }
}

extension SQLiteError {
    /// The error as users see it, naming the ledger at `path`.
    func orderMailError(_ path: String) -> OrderMailError { .ledger("ledger: \(path): \(message)", failureClass) }
}
