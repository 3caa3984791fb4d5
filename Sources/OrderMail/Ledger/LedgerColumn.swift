import OrderMailCore

/// One column of a ledger table: its name, and how a record's field is written to it and read
/// from it. A table's columns are described once, as a list of these; the SQL, the decoding and
/// the hashed canonical form are all made from that list.
struct LedgerColumn<Record>: Sendable {
    /// The column's name in SQL.
    let name: String
    /// The field's value as SQLite stores it.
    let value: @Sendable (Record) -> SQLValue
    /// Sets the field from a stored value; false when the value is not of the column's type.
    let assign: @Sendable (inout Record, SQLValue) -> Bool

    /// A `TEXT NOT NULL` column.
    static func text(_ name: String, _ field: WritableKeyPath<Record, String> & Sendable) -> Self {
        Self(name: name, value: { .text($0[keyPath: field]) }) { record, value in
            guard let text = value.text else { return false }
            record[keyPath: field] = text
            return true
        }
    }

    /// A `TEXT` column that may be NULL.
    static func optionalText(_ name: String, _ field: WritableKeyPath<Record, String?> & Sendable) -> Self {
        Self(name: name, value: { $0[keyPath: field].map(SQLValue.text) ?? .null }) { record, value in
            if value == .null {
                record[keyPath: field] = nil
                return true
            }
            guard let text = value.text else { return false }
            record[keyPath: field] = text
            return true
        }
    }

    /// An `INTEGER NOT NULL` column.
    static func integer(_ name: String, _ field: WritableKeyPath<Record, Int64> & Sendable) -> Self {
        Self(name: name, value: { .integer($0[keyPath: field]) }) { record, value in
            guard let number = value.integer else { return false }
            record[keyPath: field] = number
            return true
        }
    }

    /// An `INTEGER` column that may be NULL.
    static func optionalInteger(_ name: String, _ field: WritableKeyPath<Record, Int64?> & Sendable) -> Self {
        Self(name: name, value: { $0[keyPath: field].map(SQLValue.integer) ?? .null }) { record, value in
            if value == .null {
                record[keyPath: field] = nil
                return true
            }
            guard let number = value.integer else { return false }
            record[keyPath: field] = number
            return true
        }
    }

    /// An `INTEGER NOT NULL` column holding 0 or 1.
    static func flag(_ name: String, _ field: WritableKeyPath<Record, Bool> & Sendable) -> Self {
        Self(name: name, value: { .integer($0[keyPath: field] ? 1 : 0) }) { record, value in
            guard let number = value.integer, number == 0 || number == 1 else { return false }
            record[keyPath: field] = number == 1
            return true
        }
    }

    /// A `BLOB NOT NULL` column.
    static func blob(_ name: String, _ field: WritableKeyPath<Record, [UInt8]> & Sendable) -> Self {
        Self(name: name, value: { .blob($0[keyPath: field]) }) { record, value in
            guard let bytes = value.blob else { return false }
            record[keyPath: field] = bytes
            return true
        }
    }

    /// A `BLOB` column that may be NULL.
    static func optionalBlob(_ name: String, _ field: WritableKeyPath<Record, [UInt8]?> & Sendable) -> Self {
        Self(name: name, value: { $0[keyPath: field].map(SQLValue.blob) ?? .null }) { record, value in
            if value == .null {
                record[keyPath: field] = nil
                return true
            }
            guard let bytes = value.blob else { return false }
            record[keyPath: field] = bytes
            return true
        }
    }

    /// A `TEXT NOT NULL` column holding one of an enumeration's raw values.
    static func choice<Choice: RawRepresentable<String> & SendableMetatype>(
        _ name: String, _ field: WritableKeyPath<Record, Choice> & Sendable
    ) -> Self {
        Self(name: name, value: { .text($0[keyPath: field].rawValue) }) { record, value in
            guard let choice = value.text.flatMap(Choice.init(rawValue:)) else { return false }
            record[keyPath: field] = choice
            return true
        }
    }
}

extension Array {
    /// The columns' names, comma-separated, each after `prefix` (such as `o.`).
    func sqlList<Record>(prefix: String = "") -> String where Element == LedgerColumn<Record> {
        map { prefix + $0.name }.joined(separator: ", ")
    }

    /// Reads `values`, given in the order of these columns, into `record`; nil when one does not fit.
    func decode<Record>(_ values: ArraySlice<SQLValue>, into record: Record) -> Record?
    where Element == LedgerColumn<Record> {
        guard values.count == count else { return nil }
        var record = record
        for (column, value) in zip(self, values) where !column.assign(&record, value) { return nil }
        return record
    }
}
