import ArgumentParser
import Foundation
import OrderMail

/// `--config`, `--ledger` and `--by`, which every subcommand that reads settings or the ledger takes.
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

    @Option(
        name: .customLong("by"),
        help: ArgumentHelp(
            "Who is recorded with the events this command writes (default: operator in the configuration, then SUDO_USER, then the login name).",
            valueName: "name"))
    var operatorName: String?

    /// The process's environment variables.
    static let environment = ProcessInfo.processInfo.environment

    /// The configuration file's contents (empty when there is none).
    func configuration() throws(OrderMailError) -> Configuration {
        let (path, named) = ConfigurationFile.path(explicit: configPath, environment: Self.environment)
        return try ConfigurationFile.load(path: path, named: named)
    }

    /// Where the ledger is, given the configuration's `ledger` key.
    func ledgerLocation(_ configuration: Configuration) -> LedgerLocation {
        LedgerLocation.resolve(explicit: ledgerPath, environment: Self.environment, configured: configuration.ledger)
    }

    /// One note on stderr, the first time this process waits for another's write lock.
    private static func noteWaiting() {
        guard !WaitNote.shown else { return }
        WaitNote.shown = true
        Console.note("waiting for the ledger: another ordermail is writing it")
    }

    /// The ledger to record in: `existing` when there was one, else created where the configuration
    /// says.
    func ledger(existing: Ledger?, _ configuration: Configuration) throws(OrderMailError) -> Ledger {
        if let existing { return existing }
        guard let created = try openLedger(configuration, create: true) else {
            throw .ledger("ledger: \(ledgerLocation(configuration).path) could not be created", .cannotCreate)
        }
        return created
    }

    /// Opens the ledger, creating it when `create` is set; warns when it is on a network file system.
    func openLedger(_ configuration: Configuration, create: Bool, checkingWitness: Bool = true) throws(OrderMailError)
        -> Ledger?
    {
        let location = ledgerLocation(configuration)
        if let warning = location.networkFileSystemWarning { Console.warning(warning) }
        if let operatorName {
            do { _ = try OrderText(operatorName, field: "by") } catch {
                throw .invalidField(error, source: .commandLine)
            }
        }
        let by = Operator.resolve(
            flag: operatorName, configured: configuration.operatorName, environment: Self.environment)
        return try Ledger.open(
            location, create: create, operatorName: by, witness: LedgerWitness.forUser(environment: Self.environment),
            checkingWitness: checkingWitness, onWait: Self.noteWaiting)
    }

    /// Opens an existing ledger; a missing one is an error naming where it was looked for.
    func openExistingLedger(_ configuration: Configuration? = nil, checkingWitness: Bool = true) throws(OrderMailError)
        -> Ledger
    {
        let configuration = if let configuration { configuration } else { try self.configuration() }
        guard let ledger = try openLedger(configuration, create: false, checkingWitness: checkingWitness) else {
            throw .ledger(
                "ledger: no ledger at \(ledgerLocation(configuration).path); compose or send an order first, or pass --ledger",
                .noInput)
        }
        return ledger
    }
}

/// Whether the "waiting for the ledger" note was printed; only the main thread opens ledgers.
private enum WaitNote {
    nonisolated(unsafe) static var shown = false
}
