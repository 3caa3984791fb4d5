import ArgumentParser
import Foundation
import OrderMail

/// `--ledger PATH`, which every subcommand that reads or writes the ledger takes.
struct LedgerOptions: ParsableArguments {
    @Option(
        name: .customLong("ledger"),
        help: ArgumentHelp(
            "The ledger file (default: $\(LedgerLocation.environmentVariable), then $XDG_DATA_HOME/ordermail/ledger.sqlite3).",
            valueName: "path"))
    var path: String?

    /// Where the ledger is.
    var location: LedgerLocation {
        LedgerLocation.resolve(explicit: path, environment: ProcessInfo.processInfo.environment, configured: nil)
    }

    /// Opens the ledger, creating it when `create` is set; warns when it is on a network file system.
    func open(create: Bool) throws(OrderMailError) -> Ledger? {
        let location = location
        if let warning = location.networkFileSystemWarning { Console.warning(warning) }
        return try Ledger.open(location, create: create)
    }

    /// Opens an existing ledger; a missing one is an error naming where it was looked for.
    func openExisting() throws(OrderMailError) -> Ledger {
        guard let ledger = try open(create: false) else {
            throw .ledger("no ledger at \(location.path); compose or send an order first, or pass --ledger", .data)
        }
        return ledger
    }
}
