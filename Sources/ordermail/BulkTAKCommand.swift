import ArgumentParser
import Foundation
import OrderMail

extension BulkTAKFormat: ExpressibleByArgument {}

/// `ordermail bulk-tak`: the bulk-TAK order for e-remiss, one workbook per combination of contracts.
struct BulkTAKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk-tak",
        abstract: "Write bulk-TAK orders for e-remiss: one workbook (and TAK JSON order) per combination of contracts.",
        discussion: """
            Connects a producer's care units (logical addresses) to the e-remiss service contracts in \
            one go. Units that connect to the same contracts share a document; units on other \
            combinations get documents of their own. The names given replace the names TAK already \
            holds for the producer and the logical addresses. The documents are sent through Inera's \
            web form; each is recorded in the ledger as a bulk-tak order.
            """)

    @Option(help: "The platform, by TAK's name: NTJP-DEV, NTJP-TEST, NTJP-QA or NTJP-PROD.")
    var platform: String

    @Option(name: .customLong("producer-hsa-id"), help: "The service producer's HSA-id.")
    var producerHSAID: String

    @Option(help: "The service producer's name (replaces the name TAK holds).")
    var producerName: String

    @Option(
        name: .customLong("contract"),
        help: ArgumentHelp(
            "A contract and the producer's URL for it, repeatable: ProcessRequest, ProcessRequestConfirmation or ProcessRequestOutcome (major 1 unless :2), or a full namespace.",
            valueName: "name[:major]=url"))
    var contracts: [String]

    @Option(help: ArgumentHelp("The units: CSV with a header row (hsa_id, name, contracts) or HSA-id;name rows.", valueName: "file"))
    var units: String

    @Option(help: ArgumentHelp("The folder to write the documents in (created if needed).", valueName: "dir"))
    var outputDir: String

    @Option(help: "xlsx, json (TAK's JSON order) or both.")
    var format: BulkTAKFormat = .both

    @Option(help: ArgumentHelp("Fix every timestamp, e.g. 2026-11-21T14:03:00+0100; the files are then byte-identical for the same input.", valueName: "time"))
    var orderTime: String?

    @Option(help: "Who carries out the order, e.g. \"Region Stockholm\" (utforare in the JSON order; default: the configured region).")
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
        let takPlatform: TAKPlatform
        let bindings: [ContractBinding]
        do {
            takPlatform = try TAKPlatform(parsing: platform)
            bindings = try ContractBinding.parsingAll(contracts, platform: takPlatform, warn: Console.warning)
        } catch {
            throw OrderMailError.invalidField(error, source: .commandLine)
        }
        let producer = try ServiceProducer(hsaID: producerHSAID, name: producerName, allowsNonstandardHSAID: allowNonstandardHSAID)
        let executor = try TAKExecutor(flag: executor, configuredRegion: configuration.region)
        let time = try orderTime.map { text throws(OrderMailError) in try TAKTime.parse(text) }
        let list = try UnitList.read(path: units, contracts: bindings.map(\.contract), allowsNonstandardHSAID: allowNonstandardHSAID)
        let documents = BulkTAKDocument.documents(platform: takPlatform, producer: producer, bindings: bindings, units: list.units)
        let ledger = try common.openLedger(configuration, create: true)
        let writer = BulkTAKWriter(
            outputDirectory: outputDir, format: format, overwrite: overwrite, orderTime: time?.date,
            timeZone: time?.timeZone ?? .current, executor: executor)
        let written = try writer.write(documents)
        let contact = configuration.contactName.flatMap { name in configuration.contactEmail.map { (name, $0) } }
        // Documents written again byte for byte belong to the order that recorded them first.
        let ids: [(id: Int64, isNew: Bool)] = try ledger?.inOneTransaction { () throws(OrderMailError) in
            try written.map { document throws(OrderMailError) -> (id: Int64, isNew: Bool) in
                if let earlier = try ledger?.bulkTAKOrder(documentSHA256: document.documentSHA256) { return (earlier, false) }
                return (try ledger?.record(.bulkTAK(document, executor: executor.name, contact: contact), firstEvent: .draft, at: Date()) ?? 0, true)
            }
        } ?? []
        var lines = ["\(documents.count.counted("document")) for \(takPlatform.rawValue), producer \(producer.hsaID.normalized) (\(producer.name)), \(list.units.count.counted("unit")) read from \(units) (\(list.encoding.rawValue)):"]
        for (index, document) in written.enumerated() {
            let id = index < ids.count ? (ids[index].isNew ? " (order \(ids[index].id))" : " (identical to order \(ids[index].id): nothing new recorded)") : ""
            lines.append("  \(document.document.units.count.counted("unit")), \(document.document.bindings.count.counted("contract")): \(document.document.bindings.map(\.contract.label).joined(separator: ", "))\(id)")
            for path in [document.workbookPath, document.jsonPath].compactMap({ $0 }) { lines.append("    \(path)") }
        }
        lines += list.notes.map { "note: \($0)" }
        Console.write(Array((lines.joined(separator: "\n") + "\n").utf8))
        Console.warning(
            "the names given replace the names TAK already holds for \(producer.hsaID.normalized) and these logical addresses; compare them in Hippo first")
    }
}
