import ArgumentParser
import Foundation
import OrderMail

/// `--config` and `--ledger`, which every subcommand that reads settings or the ledger takes.
struct CommonOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "The configuration file (default: $\(ConfigurationFile.environmentVariable), then $XDG_CONFIG_HOME/ordermail/config).",
            valueName: "path"))
    var configPath: String?

    @Option(
        name: .customLong("ledger"),
        help: ArgumentHelp(
            "The ledger file (default: $\(LedgerLocation.environmentVariable), then the configuration, then $XDG_DATA_HOME/ordermail/ledger.sqlite3).",
            valueName: "path"))
    var ledgerPath: String?

    /// The configuration file's contents (empty when there is none).
    func configuration() throws(OrderMailError) -> Configuration {
        let (path, named) = ConfigurationFile.path(explicit: configPath, environment: ProcessEnvironment.variables)
        return try ConfigurationFile.load(path: path, named: named)
    }

    /// Where the ledger is, given the configuration's `ledger` key.
    func ledgerLocation(_ configuration: Configuration) -> LedgerLocation {
        LedgerLocation.resolve(
            explicit: ledgerPath, environment: ProcessEnvironment.variables, configured: configuration.ledger)
    }

    /// Opens the ledger, creating it when `create` is set; warns when it is on a network file system.
    func openLedger(_ configuration: Configuration, create: Bool) throws(OrderMailError) -> Ledger? {
        let location = ledgerLocation(configuration)
        if let warning = location.networkFileSystemWarning { Console.warning(warning) }
        return try Ledger.open(location, create: create)
    }

    /// Opens an existing ledger; a missing one is an error naming where it was looked for.
    func openExistingLedger() throws(OrderMailError) -> Ledger {
        let configuration = try configuration()
        guard let ledger = try openLedger(configuration, create: false) else {
            throw .ledger(
                "no ledger at \(ledgerLocation(configuration).path); compose or send an order first, or pass --ledger", .noInput)
        }
        return ledger
    }
}
