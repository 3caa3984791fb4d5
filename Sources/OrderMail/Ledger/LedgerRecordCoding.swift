import OrderMailCore

/// The canonical bytes the hash chain covers, in two versions.
///
/// Version 1, which events written before schema version 4 carry, covers the columns that existed
/// then, unnamed and in table order: an order's first 27 columns (31 for a bulk-TAK order), an
/// event's first 9. It must never change, or older ledgers would stop verifying.
/// Version 2 covers every column of the order, its units and the event, each with its name; a
/// NULL column is left out, so that a column added later leaves the hashes of older rows as they were.
extension OrderRecord {
    /// How many leading columns the version 1 digest of a whitelisting order covers.
    static let version1WhitelistingColumnCount = 27
    /// How many leading columns the version 1 digest of a bulk-TAK order covers.
    static let version1BulkTAKColumnCount = 31

    /// The digest of this order (with `units`) that an event of hash version `version` covers.
    func digest(version: Int64, units: [UnitRecord]) -> String {
        let values = Self.columns.map { ($0.name, $0.value(self)) }
        if version == 1 {
            let count = kind == .whitelisting ? Self.version1WhitelistingColumnCount : Self.version1BulkTAKColumnCount
            return SHA256.hex(CanonicalForm.encode(values.prefix(count).map(\.1)))
        }
        // Each unit as the named text value `unit` = "<id length>:<id><name>", written straight
        // into the bytes: the same bytes as a text value per unit, without a string for each.
        var bytes = CanonicalForm.encode(named: values)
        bytes.reserveCapacity(bytes.count + units.reduce(0) { $0 + $1.hsaID.utf8.count + $1.name.utf8.count + 24 })
        let prefix: [UInt8] = Array("unit=T".utf8)
        for unit in units {
            let idLength = unit.hsaID.utf8.count
            bytes += prefix
            appendDecimal(decimalDigits(idLength) + 1 + idLength + unit.name.utf8.count, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendDecimal(idLength, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes += unit.hsaID.utf8
            bytes += unit.name.utf8
            bytes.append(UInt8(ascii: ";"))
        }
        return SHA256.hex(bytes)
    }

    /// How many decimal digits `value` (not negative) has.
    private func decimalDigits(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// `value` (not negative) in decimal ASCII digits, as `String(value)` writes it.
    private func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

extension EventRecord {
    /// The hash this event must carry: over the previous hash, the event's other columns and the
    /// digest of its order, so that changing a stored order breaks the chain too.
    func expectedHash(orderDigest: String) -> String {
        let values = Self.columns.filter { $0.name != "hash" }.map { ($0.name, $0.value(self)) }
        if hashVersion == 1 {
            return SHA256.hex(CanonicalForm.encode(values.prefix(9).map(\.1) + [.text(orderDigest)]))
        }
        return SHA256.hex(CanonicalForm.encode(named: values + [("order_digest", .text(orderDigest))]))
    }
}

/// An unambiguous byte encoding of values: each tagged with its type and length.
enum CanonicalForm {
    static func encode(_ values: [SQLValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values { append(value, to: &bytes) }
        return bytes
    }

    /// Each value that is not NULL, preceded by its name: `name=` and the tagged value.
    static func encode(named values: [(String, SQLValue)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (name, value) in values where value != .null {
            bytes += Array("\(name)=".utf8)
            append(value, to: &bytes)
        }
        return bytes
    }

    private static func append(_ value: SQLValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: bytes += Array("N;".utf8)
        case .integer(let number): bytes += Array("I\(number);".utf8)
        case .text(let text): bytes += Array("T\(text.utf8.count):".utf8) + Array(text.utf8) + [UInt8(ascii: ";")]
        case .blob(let blob): bytes += Array("B\(blob.count):".utf8) + blob + [UInt8(ascii: ";")]
        }
    }
}
