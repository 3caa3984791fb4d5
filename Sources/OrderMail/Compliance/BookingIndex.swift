/// What the across-request rules remember of every booking: for each booking (`sourceSystem` +
/// `businessObjectInstanceIdentifier`), the records Engagemangsindex would hold for it after the
/// requests so far, each as hashes of its key fields and of its `mostRecentContent`.
///
/// Keys are 128-bit hashes (two salted 64-bit hashes; Swift's hasher is seeded anew per process), so the index
/// holds no personal data and a fixed size per booking; two different bookings colliding is
/// about as likely as 2⁻¹²⁸ per pair.
struct BookingIndex {
    /// The key fields besides the booking's own two, in the order findings name them.
    static let keyFields = [
        "registeredResidentIdentification", "serviceDomain", "categorization", "logicalAddress",
        "clinicalProcessInterestId", "dataController",
    ]

    struct BookingKey: Hashable {
        var low: UInt64
        var high: UInt64
    }

    /// One record's key fields and `mostRecentContent`, hashed.
    struct Record: Equatable {
        var fields: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        var mostRecentContent: UInt64

        var fieldHashes: [UInt64] { [fields.0, fields.1, fields.2, fields.3, fields.4, fields.5] }

        static func == (lhs: Record, rhs: Record) -> Bool {
            lhs.fieldHashes == rhs.fieldHashes && lhs.mostRecentContent == rhs.mostRecentContent
        }
    }

    /// A booking's live records: almost always one, kept inline.
    private struct Records {
        var first: Record?
        var more: [Record] = []
        var all: [Record] { (first.map { [$0] } ?? []) + more }
    }

    /// What the rules make of one engagement.
    enum Outcome: Equatable {
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

    private var bookings: [BookingKey: Records] = [:]

    /// How many bookings the index holds.
    var count: Int { bookings.count }

    /// The memory the index's table takes per booking: the key and value as stored, over the table's capacity.
    var bytesPerKey: Int {
        guard !bookings.isEmpty else { return 0 }
        let entry = MemoryLayout<BookingKey>.stride + MemoryLayout<Records>.stride
        return entry * bookings.capacity / bookings.count + 1
    }

    /// Applies one engagement, in capture order.
    mutating func apply(sourceSystem: String, booking: String, fields: [String: CapturedValue], isDelete: Bool) -> Outcome {
        let key = BookingKey(low: hash(sourceSystem.uppercased(), booking, salt: 1), high: hash(sourceSystem.uppercased(), booking, salt: 2))
        let hashes = Self.keyFields.map { hash(fields[$0]?.text ?? "\u{0}absent", "", salt: 3) }
        let record = Record(fields: (hashes[0], hashes[1], hashes[2], hashes[3], hashes[4], hashes[5]),
                            mostRecentContent: hash(fields["mostRecentContent"]?.text ?? "", "", salt: 4))
        var records = bookings[key] ?? Records()
        defer { bookings[key] = records.first == nil ? nil : records }
        let live = records.all
        let sameKey = live.firstIndex { $0.fieldHashes == record.fieldHashes }
        if isDelete {
            if let sameKey {
                var remaining = live
                remaining.remove(at: sameKey)
                records = Records(first: remaining.first, more: Array(remaining.dropFirst()))
                return .accepted
            }
            guard let first = live.first else { return .deleteUnknown }
            return .deleteMismatch(differences(first, record))
        }
        if let sameKey {
            let unchanged = live[sameKey].mostRecentContent == record.mostRecentContent
            var updated = live
            updated[sameKey] = record
            records = Records(first: updated.first, more: Array(updated.dropFirst()))
            return unchanged ? .unchangedResend : .accepted
        }
        if records.first == nil { records.first = record } else { records.more.append(record) }
        guard let first = live.first else { return .accepted }
        return .keyChanged(differences(first, record))
    }

    private func differences(_ old: Record, _ new: Record) -> [String] {
        zip(Self.keyFields, zip(old.fieldHashes, new.fieldHashes)).filter { $1.0 != $1.1 }.map(\.0)
    }

    private func hash(_ first: String, _ second: String, salt: UInt64) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(salt)
        hasher.combine(first)
        hasher.combine(second)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
