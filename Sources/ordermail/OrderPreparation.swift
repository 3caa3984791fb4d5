import Foundation
import OrderMail

extension PreparedOrder {
    /// The order the flags describe, prepared by the library as `compose` and `send` share it; its
    /// warnings printed.
    init(
        order: WhitelistingOrderOptions, common: CommonOptions, addressing: AddressingOptions,
        overrides: Configuration = Configuration(), templates: String?, despiteFailedCheck: Int64?
    ) throws(OrderMailError) {
        try self.init(
            try order.request(), configuration: try common.configuration(), overrides: [try addressing.overrides(), overrides],
            templates: templates, processEnvironment: CommonOptions.environment, executablePath: CommandLine.executablePath,
            ledger: { (configuration) throws(OrderMailError) in try common.openLedger(configuration, create: false) },
            despiteFailedCheck: despiteFailedCheck)
        composition.warnings.forEach(Console.warning)
    }

    /// The ledger to record the order in, created when it does not exist yet.
    func ledger(_ common: CommonOptions) throws(OrderMailError) -> Ledger {
        if let existingLedger { return existingLedger }
        guard let created = try common.openLedger(configuration, create: true) else {
            throw .ledger("ledger: \(common.ledgerLocation(configuration).path) could not be created", .cannotCreate)
        }
        return created
    }
}

extension CommandLine {
    /// The running binary's path, symbolic links resolved.
    static var executablePath: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments.first
    }
}
