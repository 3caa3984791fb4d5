import Foundation
import OrderMail

/// A whitelisting order ready to print or send: the steps `compose` and `send` share, so that both
/// produce the same message for the same flags and configuration.
struct PreparedOrder {
    var configuration: Configuration
    var composition: WhitelistingComposition
    var environment: MessageEnvironment
    private let common: CommonOptions
    /// The ledger when it exists already; created only when the order is recorded.
    private var existingLedger: Ledger?

    /// Loads the configuration (flags over file), fills order defaults from it, opens the ledger,
    /// validates and renders the order, and prints its warnings.
    init(
        order: WhitelistingOrderOptions, common: CommonOptions, addressing: AddressingOptions,
        overrides: Configuration = Configuration(), templates: String?, despiteFailedCheck: Int64?
    ) throws(OrderMailError) {
        self.common = common
        configuration = try common.configuration().overridden(by: addressing.overrides()).overridden(by: overrides)
        var request = try order.request()
        configuration.fillDefaults(of: &request)
        let templatesDirectory = try TemplateLocator.locate(
            explicit: templates, environment: CommonOptions.environment, executablePath: CommandLine.executablePath)
        environment = MessageEnvironment.system()
        existingLedger = try common.openLedger(configuration, create: false)
        composition = try WhitelistingComposer(
            templatesDirectory: templatesDirectory, environment: environment, despiteFailedCheck: despiteFailedCheck)
            .compose(request, addressing: configuration.addressing(), ledger: existingLedger)
        if let warning = configuration.regionDomainWarning(for: composition.order.contact.email) {
            composition.warnings.append(warning)
        }
        composition.warnings.forEach(Console.warning)
    }

    /// The ledger to record the order in, created when it does not exist yet.
    func ledger() throws(OrderMailError) -> Ledger {
        if let existingLedger { return existingLedger }
        guard let created = try common.openLedger(configuration, create: true) else {
            throw .ledger("ledger: \(common.ledgerLocation(configuration).path) could not be created", .cannotCreate)
        }
        return created
    }

    /// The order as the ledger stores it.
    var newOrder: NewOrder {
        .whitelisting(composition)
    }
}

extension CommandLine {
    /// The running binary's path, symbolic links resolved.
    static var executablePath: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments.first
    }
}
