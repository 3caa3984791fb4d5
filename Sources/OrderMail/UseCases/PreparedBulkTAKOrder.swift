import Foundation
import OrderMailCore

/// A bulk-TAK order ready to write: the flags' values checked (platform, contracts, producer,
/// executor, times), the unit list read, the documents made (one per combination of contracts) and
/// checked against the output folder. `bulk-tak` starts here, then ``PlaceBulkTAKOrder`` writes
/// and records them; nothing is written before every check has passed.
public struct PreparedBulkTAKOrder {
    public var platform: TAKPlatform
    public var producer: ServiceProducer
    public var list: UnitList
    public var documents: [BulkTAKDocument]
    public var writer: BulkTAKWriter
    /// One-line notes about the contracts given, for the user.
    public var notes: [String] = []

    /// What the user asked for, as the command line gives it.
    public struct Request {
        public var platform: String
        public var contracts: [String]
        public var producerHSAID: String
        public var producerName: String
        public var unitsPath: String
        public var outputDirectory: String
        /// nil: both for e-remiss, json for contracts without a workbook.
        public var format: BulkTAKFormat?
        public var orderTime: String?
        public var executeAt: String?
        public var executor: String?
        public var allowsNonstandardHSAID: Bool
        public var overwrite: Bool

        public init(
            platform: String, contracts: [String], producerHSAID: String, producerName: String, unitsPath: String,
            outputDirectory: String, format: BulkTAKFormat? = nil, orderTime: String? = nil, executeAt: String? = nil,
            executor: String? = nil, allowsNonstandardHSAID: Bool = false, overwrite: Bool = false
        ) {
            self.platform = platform
            self.contracts = contracts
            self.producerHSAID = producerHSAID
            self.producerName = producerName
            self.unitsPath = unitsPath
            self.outputDirectory = outputDirectory
            self.format = format
            self.orderTime = orderTime
            self.executeAt = executeAt
            self.executor = executor
            self.allowsNonstandardHSAID = allowsNonstandardHSAID
            self.overwrite = overwrite
        }
    }

    /// Checks `request` (`configuredRegion` is the executor by default), reads its units and makes
    /// the documents; `warn` hears about contracts that are unusual on the platform.
    public init(_ request: Request, configuredRegion: String?, warn: (String) -> Void) throws(OrderMailError) {
        var notes: [String] = []
        let bindings: [ContractBinding]
        do {
            platform = try TAKPlatform(parsing: request.platform)
            bindings = try ContractBinding.parsingAll(request.contracts, platform: platform, warn: warn) {
                notes.append($0)
            }
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
        self.notes = notes
        let format = request.format ?? (bindings.allSatisfy { $0.contract.family?.hasWorkbook ?? true } ? .both : .json)
        producer = try ServiceProducer(
            hsaID: request.producerHSAID, name: request.producerName,
            allowsNonstandardHSAID: request.allowsNonstandardHSAID)
        let executor = try TAKExecutor(flag: request.executor, configuredRegion: configuredRegion)
        let time = try request.orderTime.map { text throws(OrderMailError) in try TAKTime.parse(text) }
        let execution = try request.executeAt.map { text throws(OrderMailError) in
            try TAKTime.parse(text, field: "execute-at")
        }
        list = try UnitList.read(
            path: request.unitsPath, contracts: bindings.map(\.contract),
            allowsNonstandardHSAID: request.allowsNonstandardHSAID)
        documents = BulkTAKDocument.documents(
            platform: platform, producer: producer, bindings: bindings, units: list.units)
        writer = BulkTAKWriter(
            outputDirectory: request.outputDirectory, format: format, overwrite: request.overwrite,
            orderTime: time?.date,
            timeZone: time?.timeZone ?? .current, executor: executor, executeAt: execution?.date)
        try writer.check(documents)
    }
}
