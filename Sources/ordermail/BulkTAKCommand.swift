import ArgumentParser
import Foundation
import OrderMail

extension BulkTAKFormat: ExpressibleByArgument {}

/// `ordermail bulk-tak`: the bulk-TAK order, one document per combination of contracts.
struct BulkTAKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk-tak",
        abstract:
            "Write bulk-TAK orders (e-remiss workbooks and TAK JSON orders; Tidbokning as TAK JSON), one per combination of contracts.",
        discussion: """
            Connects a producer's care units (logical addresses) to service contracts in one go: \
            e-remiss (ProcessRequest, ProcessRequestConfirmation, ProcessRequestOutcome, majors 1 \
            and 2) or Tidbokning (crm:scheduling major 1: CancelBooking, MakeBooking, … by short \
            name, or tidbokning/NAME), or any contract by full namespace. Units that connect to the \
            same contracts share a document; units on other combinations get documents of their \
            own. The workbook is e-remiss's form (names given there replace the names TAK holds); \
            other families are ordered as TAK JSON only, which keeps the names TAK holds but \
            re-routes a unit already routed to another producer. The documents are sent through \
            Inera's web form; each is recorded in the ledger as a bulk-tak order.
            """)

    @Option(help: "The platform: NTJP-DEV, NTJP-TEST, NTJP-QA or NTJP-PROD, or a region's own platform by name.")
    var platform: String

    @Option(name: .customLong("producer-hsa-id"), help: "The service producer's HSA-id.")
    var producerHSAID: String

    @Option(help: "The service producer's name.")
    var producerName: String

    @Option(
        name: .customLong("contract"),
        help: ArgumentHelp(
            "A contract and the producer's URL for it, repeatable: [FAMILY/]NAME[:MAJOR]=URL (e-remiss: ProcessRequest…, majors 1 and 2; tidbokning: MakeBooking…, major 1; major 1 unless given), or a full namespace.",
            valueName: "name[:major]=url"))
    var contracts: [String]

    @Option(
        help: ArgumentHelp(
            "The units: CSV with a header row (hsa_id, name, contracts) or HSA-id;name rows.", valueName: "file"))
    var units: String

    @Option(help: ArgumentHelp("The folder to write the documents in (created if needed).", valueName: "dir"))
    var outputDir: String

    @Option(help: "xlsx, json (TAK's JSON order) or both (default: both for e-remiss, json for other contracts).")
    var format: BulkTAKFormat?

    @Option(
        help: ArgumentHelp(
            "Fix every timestamp, e.g. 2026-11-21T14:03:00+0100; the files are then byte-identical for the same input.",
            valueName: "time"))
    var orderTime: String?

    @Option(
        help: ArgumentHelp(
            "When TAK should carry out the JSON order (genomforandeTidpunkt), e.g. 2026-12-01T06:00:00+0100 (default: the order's time).",
            valueName: "time"))
    var executeAt: String?

    @Option(
        help:
            "Who carries out the order, e.g. \"Region Stockholm\" (utforare in the JSON order; default: the configured region)."
    )
    var executor: String?

    @Flag(
        name: .customLong("allow-nonstandard-hsa-id"),
        help: "Accept HSA-ids that only meet TAK's own rule (1-255 of A-Z a-z 0-9 _ -).")
    var allowNonstandardHSAID = false

    @Flag(help: "Overwrite existing documents.")
    var overwrite = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let configuration = try common.configuration()
        let request = PreparedBulkTAKOrder.Request(
            platform: platform, contracts: contracts, producerHSAID: producerHSAID, producerName: producerName,
            unitsPath: units,
            outputDirectory: outputDir, format: format, orderTime: orderTime, executeAt: executeAt, executor: executor,
            allowsNonstandardHSAID: allowNonstandardHSAID, overwrite: overwrite)
        let prepared = try PreparedBulkTAKOrder(request, configuredRegion: configuration.region, warn: Console.warning)
        let ledger = try common.ledger(existing: nil, configuration)
        let contact = configuration.contactName.flatMap { name in configuration.contactEmail.map { (name, $0) } }
        let outcome = try PlaceBulkTAKOrder(writer: prepared.writer, ledger: ledger, contact: contact)
            .run(prepared.documents, producer: prepared.producer)
        Console.write(Array((summary(prepared, outcome).joined(separator: "\n") + "\n").utf8))
        outcome.warnings.forEach(Console.warning)
    }

    /// What was written and recorded, a line per document and its files, and the notes.
    private func summary(_ prepared: PreparedBulkTAKOrder, _ outcome: PlaceBulkTAKOrder.Outcome) -> [String] {
        let documents = prepared.documents
        var lines = [
            "\(documents.count.counted("document")) for \(prepared.platform.rawValue), producer \(prepared.producer.hsaID.normalized) (\(prepared.producer.name)), \(prepared.list.units.count.counted("unit")) read from \(units) (\(prepared.list.encoding.rawValue)):"
        ]
        for placed in outcome.documents {
            let document = placed.written.document
            let id =
                placed.orderID.map {
                    placed.isNew ? " (order \($0))" : " (identical to order \($0): nothing new recorded)"
                } ?? ""
            lines.append(
                "  \(document.units.count.counted("unit")), \(document.bindings.count.counted("contract")): \(document.bindings.map(\.contract.label).joined(separator: ", "))\(id)"
            )
            for path in [placed.written.workbookPath, placed.written.jsonPath].compactMap({ $0 }) {
                lines.append("    \(path)")
            }
        }
        lines.append("send them through Inera's web form for TAK orders; then: ordermail mark ID submitted")
        return lines + (prepared.notes + outcome.notes + prepared.list.notes).map { "note: \($0)" }
    }
}
