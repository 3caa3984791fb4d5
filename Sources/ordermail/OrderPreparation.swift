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
            try order.request(), configuration: try common.configuration(),
            overrides: [try addressing.overrides(), overrides],
            templates: templates, processEnvironment: CommonOptions.environment,
            executablePath: CommandLine.executablePath,
            ledger: { (configuration) throws(OrderMailError) in try common.openLedger(configuration, create: false) },
            despiteFailedCheck: despiteFailedCheck)
        composition.warnings.forEach(Console.warning)
    }
}

extension PreparedActivationOrder {
    /// The activation order the flags describe, prepared by the library; its notes and warnings
    /// printed.
    init(
        _ request: ActivationOrderRequest, units: String, common: CommonOptions, overrides: [Configuration],
        templates: String?
    ) throws(OrderMailError) {
        try self.init(
            request, unitsPath: units, configuration: try common.configuration(), overrides: overrides,
            templates: templates, processEnvironment: CommonOptions.environment,
            executablePath: CommandLine.executablePath,
            ledger: { (configuration) throws(OrderMailError) in try common.openLedger(configuration, create: false) })
        composition.notes.forEach(Console.note)
        warnings.forEach(Console.warning)
    }
}

extension CommandLine {
    /// The running binary's path, symbolic links resolved.
    static var executablePath: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments.first
    }
}
