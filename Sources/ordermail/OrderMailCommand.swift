import ArgumentParser
import CBuildInfo
import Foundation
import OrderMail

/// The `ordermail` command: composes, sends and keeps a ledger of orders to 1177's national support.
@main
struct OrderMailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ordermail",
        abstract: "Compose and send whitelisting orders for booking systems to 1177's national support.",
        discussion: """
            A region that connects a booking system to 1177 web booking orders, by e-mail, that 1177's \
            national support whitelists the system, so that its Engagemangsindex updates create inbox \
            messages for patients. ordermail checks the order's fields, renders the e-mail from editable \
            templates, prints or sends it, and keeps every order in a local ledger. It also writes the \
            bulk-TAK orders for e-remiss (bulk-tak).
            """,
        version: "\(OrderMailVersion.current) (commit \(String(cString: ordermail_build_commit())))",
        subcommands: [
            ComposeCommand.self, SendCommand.self, ListCommand.self, ShowCommand.self, MarkCommand.self, LedgerCommand.self, ConfigCommand.self, BulkTAKCommand.self,
            CheckHSAIDCommand.self, CheckUpdatesCommand.self,
        ]
    )

    /// Runs the command, mapping every library error to its documented exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as OrderMailError {
            Console.error(error.description)
            Foundation.exit(ExitStatus.code(for: error.failureClass))
        } catch {
            exit(withError: error)
        }
    }
}
