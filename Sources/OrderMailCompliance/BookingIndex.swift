import OrderMailCore

/// What the across-request rules remember of every booking: for each booking (`sourceSystem` +
/// `businessObjectInstanceIdentifier`, in any case), the records Engagemangsindex would hold for it
/// after the requests so far, each as hashes of its key fields and of its `mostRecentContent`.
/// The record's key is case-sensitive, as the index's (a SHA-256 of the exact strings): a delete
/// whose `sourceSystem` or any key field differs from the record's only in case matches nothing.
///
/// Everything is kept as hashes (Swift's hasher, seeded anew per process), so the index holds no
/// personal data and 36 bytes per booking in its table (the 64-bit booking hash and a 28-byte record): a 64-bit hash of
/// the record's key fields, a 16-bit hash of each to name the field that changed, and a 32-bit
/// hash of `mostRecentContent`. Two bookings or keys colliding is about as likely as 2⁻⁶⁴ per
/// pair; a changed field whose 16-bit hashes collide is reported as "a key field".
package struct BookingIndex {
    /// The key fields, in the order findings name them (the booking's own two last: they differ only in case).
    package static let keyFields: [EngagementField] = [
        .registeredResidentIdentification, .serviceDomain, .categorization, .logicalAddress, .clinicalProcessInterestId,
        .dataController,
        .sourceSystem, .businessObjectInstanceIdentifier,
    ]

    /// One record, hashed: 28 bytes (the key is kept as two 32-bit halves, so that nothing in it
    /// needs 8-byte alignment and the table holds 36 bytes per booking with its 64-bit booking hash,
    /// not 40).
    package struct Record: Equatable {
        private var keyHigh: UInt32
        private var keyLow: UInt32
        package var fields: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)
        package var mostRecentContent: UInt32

        /// A hash of the exact strings of the key fields.
        package var key: UInt64 { UInt64(keyHigh) << 32 | UInt64(keyLow) }

        package init(
            key: UInt64, fields: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16),
            mostRecentContent: UInt32
        ) {
            keyHigh = UInt32(truncatingIfNeeded: key >> 32)
            keyLow = UInt32(truncatingIfNeeded: key)
            self.fields = fields
            self.mostRecentContent = mostRecentContent
        }

        package var fieldHashes: [UInt16] {
            [fields.0, fields.1, fields.2, fields.3, fields.4, fields.5, fields.6, fields.7]
        }

        package static func == (lhs: Record, rhs: Record) -> Bool {
            lhs.key == rhs.key && lhs.mostRecentContent == rhs.mostRecentContent
        }
    }

    /// What the rules make of one engagement.
    package enum Outcome: Equatable {
        case accepted
        /// The same key sent again with an unchanged `mostRecentContent`.
        case unchangedResend
        /// An update whose key differs from the booking's live record in these fields.
        case keyChanged([String])
        /// A delete that matches no live record; these fields differ from the booking's first one.
        case deleteMismatch([String])
        /// A delete of a booking never seen.
        case deleteUnknown
    }

    /// Each booking's first live record.
    private var bookings = Table()
    /// The further live records of the rare booking that has several (a key changed without a delete).
    private var further: [UInt64: [Record]] = [:]

    /// Records by booking hash in 256 tables chosen by the hash's top byte: each table grows on
    /// its own, so that the index never holds its whole table twice while one table doubles (a
    /// single table's doubling is what made the peak at a million bookings half as large again).
    private struct Table {
        private var shards = [[UInt64: Record]](repeating: [:], count: 256)
        private(set) var count = 0

        subscript(key: UInt64) -> Record? {
            get { shards[Int(truncatingIfNeeded: key >> 56)][key] }
            set {
                let shard = Int(truncatingIfNeeded: key >> 56)
                if let newValue {
                    if shards[shard].updateValue(newValue, forKey: key) == nil { count += 1 }
                } else if shards[shard].removeValue(forKey: key) != nil {
                    count -= 1
                }
            }
        }
    }

    package init() {}

    /// How many bookings the index holds.
    package var count: Int { bookings.count }

    /// The record an engagement makes, hashed: its key over the exact strings of ``keyFields``
    /// (an absent field differs from an empty one), each field's own 16 bits, and `mostRecentContent`.
    package static func record(of fields: EngagementFields) -> Record {
        // Each string is hashed once: the key is a hash of the fields' own 64-bit hashes.
        var key = Hasher()
        func part(_ field: EngagementField) -> UInt16 {
            var own = Hasher()
            own.combine(fields[field]?.text ?? "\u{0}")
            let hash = own.finalize()
            key.combine(hash)
            return UInt16(truncatingIfNeeded: hash)
        }
        // In the order of keyFields.
        let hashes = (
            part(.registeredResidentIdentification), part(.serviceDomain), part(.categorization), part(.logicalAddress),
            part(.clinicalProcessInterestId), part(.dataController), part(.sourceSystem),
            part(.businessObjectInstanceIdentifier)
        )
        var content = Hasher()
        content.combine(fields[.mostRecentContent]?.text ?? "")
        return Record(
            key: UInt64(bitPattern: Int64(key.finalize())), fields: hashes,
            mostRecentContent: UInt32(truncatingIfNeeded: content.finalize()))
    }

    /// Applies one engagement, in capture order.
    package mutating func apply(sourceSystem: String, booking: String, fields: EngagementFields, isDelete: Bool)
        -> Outcome
    {
        apply(sourceSystem: sourceSystem, booking: booking, record: Self.record(of: fields), isDelete: isDelete)
    }

    /// Applies one engagement (`record`, as ``record(of:)`` makes it), in capture order.
    package mutating func apply(sourceSystem: String, booking: String, record: Record, isDelete: Bool) -> Outcome {
        let bookingKey = Self.bookingKey(sourceSystem: sourceSystem, booking: booking)
        if further.isEmpty || further[bookingKey] == nil {
            return applySingle(record, to: bookingKey, isDelete: isDelete)
        }
        var live = (bookings[bookingKey].map { [$0] } ?? []) + (further[bookingKey] ?? [])
        defer {
            bookings[bookingKey] = live.first
            further[bookingKey] = live.count > 1 ? Array(live.dropFirst()) : nil
        }
        let sameKey = live.firstIndex { $0.key == record.key }
        if isDelete {
            if let sameKey {
                live.remove(at: sameKey)
                return .accepted
            }
            guard let first = live.first else { return .deleteUnknown }
            return .deleteMismatch(differences(first, record))
        }
        if let sameKey {
            let unchanged = live[sameKey].mostRecentContent == record.mostRecentContent
            live[sameKey] = record
            return unchanged ? .unchangedResend : .accepted
        }
        live.append(record)
        guard live.count > 1 else { return .accepted }
        return .keyChanged(differences(live[0], record))
    }

    /// The usual case, a booking with at most one live record, without building arrays.
    private mutating func applySingle(_ record: Record, to bookingKey: UInt64, isDelete: Bool) -> Outcome {
        guard let existing = bookings[bookingKey] else {
            if isDelete { return .deleteUnknown }
            bookings[bookingKey] = record
            return .accepted
        }
        if existing.key == record.key {
            if isDelete {
                bookings[bookingKey] = nil
                return .accepted
            }
            bookings[bookingKey] = record
            return existing.mostRecentContent == record.mostRecentContent ? .unchangedResend : .accepted
        }
        if isDelete { return .deleteMismatch(differences(existing, record)) }
        further[bookingKey] = [record]
        return .keyChanged(differences(existing, record))
    }

    private func differences(_ old: Record, _ new: Record) -> [String] {
        let named = zip(Self.keyFields, zip(old.fieldHashes, new.fieldHashes)).filter { $1.0 != $1.1 }.map(\.0.rawValue)
        return named.isEmpty ? ["a key field"] : named
    }

    /// Whether the index holds a live record of this booking (`sourceSystem` and booking id in any case).
    package func contains(sourceSystem: String, booking: String) -> Bool {
        bookings[Self.bookingKey(sourceSystem: sourceSystem, booking: booking)] != nil
    }

    /// The booking's identity: its two fields trimmed and in any case, so that a case-only difference finds the record it fails to match.
    private static func bookingKey(sourceSystem: String, booking: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(upperCased(sourceSystem.trimmingSpaces()))
        hasher.combine(upperCased(booking.trimmingSpaces()))
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// `text.uppercased()`, without making a string when it is ASCII with no lower-case letter (the usual id).
    private static func upperCased(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x61 || ($0 > 0x7A && $0 < 0x80) } ? text : text.uppercased()
    }
}
