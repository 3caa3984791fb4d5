import Foundation
import OrderMailCore

/// Writes a bulk-TAK order's documents and records each in the ledger as a `bulk-tak` order: the
/// files first (all or none), then, in one transaction, one order per document, a document
/// written again byte for byte belonging to the order that recorded it first (by its SHA-256).
public struct PlaceBulkTAKOrder {
    public var writer: BulkTAKWriter
    /// Nil when no ledger is kept.
    public var ledger: Ledger?
    /// Who the ledger names as the order's contact, when configured.
    public var contact: (name: String, email: String)?
    public var now: () -> Date = Date.init

    public init(writer: BulkTAKWriter, ledger: Ledger?, contact: (name: String, email: String)?) {
        self.writer = writer
        self.ledger = ledger
        self.contact = contact
    }

    /// One document as written and recorded.
    public struct Placed: Sendable {
        public var written: WrittenDocument
        /// The order that holds it: new, or the earlier one of the same bytes.
        public var orderID: Int64?
        public var isNew: Bool
    }

    /// What was written and recorded, and what the user must know about it.
    public struct Outcome: Sendable {
        public var documents: [Placed]
        /// Things that hold for the files written, each where it applies.
        public var warnings: [String]
        public var notes: [String]
    }

    /// Writes `documents` and records them.
    public func run(_ documents: [BulkTAKDocument], producer: ServiceProducer) throws(OrderMailError) -> Outcome {
        let written = try writer.write(documents)
        let executor = writer.executor.name
        let ids: [(id: Int64, isNew: Bool)] =
            try ledger.map { ledger throws(OrderMailError) in
                try ledger.inOneTransaction { () throws(OrderMailError) in
                    try written.map { document throws(OrderMailError) -> (id: Int64, isNew: Bool) in
                        if let earlier = try ledger.bulkTAKOrder(documentSHA256: document.documentSHA256) {
                            return (earlier, false)
                        }
                        return (
                            try ledger.record(
                                .bulkTAK(document, executor: executor, contact: contact), firstEvent: .draft, at: now()),
                            true
                        )
                    }
                }
            } ?? []
        let placed = written.enumerated().map { index, document in
            Placed(
                written: document, orderID: index < ids.count ? ids[index].id : nil,
                isNew: index < ids.count ? ids[index].isNew : true)
        }
        return Outcome(
            documents: placed, warnings: Self.warnings(format: writer.format, producer: producer),
            notes: Self.notes(documents))
    }

    /// The warnings for the files of `format`: the workbook, handled by hand, replaces the names
    /// TAK holds; the JSON order keeps the names of logical addresses TAK has, but silently moves
    /// a unit's route to this producer (skltp/tak since 2024-06-14; `BestallningService.prepareVagval`).
    public static func warnings(format: BulkTAKFormat, producer: ServiceProducer) -> [String] {
        var warnings: [String] = []
        if format != .json {
            warnings.append(
                "workbook: the names given replace the names TAK already holds for \(producer.hsaID.normalized) and these logical addresses; compare them in Hippo first"
            )
        }
        if format != .xlsx {
            warnings.append(
                "TAK JSON order: a unit already routed to another producer for one of these contracts is re-routed to \(producer.hsaID.normalized) without a question (TAK's BestallningService.prepareVagval); check the units' routing in Hippo first (the order's kommentar says so too). Logical addresses TAK already holds keep their names"
            )
        }
        return warnings
    }

    /// Notes on the platform (a region's own) and the contract families' forms.
    static func notes(_ documents: [BulkTAKDocument]) -> [String] {
        guard let first = documents.first else { return [] }
        return [first.platform.note].compactMap { $0 }
    }
}
