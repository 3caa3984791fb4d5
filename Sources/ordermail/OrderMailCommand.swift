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
            bulk-TAK orders for e-remiss (bulk-tak). An order's life: draft, sending, then sent, failed-temporary, failed-permanent or unknown \
            (the server may have it); then support's answer: needs-info, replied (mail imported), \
            confirmed or rejected; bounced when the message came back; discarded when set aside; \
            submitted for a bulk-TAK order sent through Inera's web form; recorded for an order \
            placed outside ordermail. Exit status: 0 success; 64 a bad flag or value; 65 invalid data in a file or the \
            ledger, or an order refused by its life's rules; 66 an input file is missing; 69 the \
            server refused the message for good; 73 an output file exists or cannot be created; \
            74 delivery outcome unknown; 75 a temporary failure, try again; 76 TLS failure; 77 \
            login or permission denied; 78 configuration error. Errors are one line on stderr: \
            'ordermail: <flag or field>: <rule>'.
            """,
        version: "\(OrderMailVersion.current) (commit \(String(cString: ordermail_build_commit())))",
        subcommands: [
            ComposeCommand.self, SendCommand.self, ActivateCommand.self, ListCommand.self, ShowCommand.self,
            MarkCommand.self, DiscardCommand.self, RecordCommand.self, RepliesCommand.self,
            LedgerCommand.self, ConfigCommand.self, BulkTAKCommand.self, UnitsCommand.self, CheckHSAIDCommand.self,
            CheckUpdatesCommand.self, ChecksCommand.self, FollowUpCommand.self,
        ]
    )

    /// Runs the command, mapping every error to one line on stderr and its documented exit code.
    static func main() {
        ProcessSignals.letFatalSignalsEndTheProcess()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as OrderMailError {
            Console.error(error.description)
            Foundation.exit(ExitStatus.code(for: error.failureClass))
        } catch let code as ExitCode {
            // A command that printed its own report and ends with its status (check-updates' verdict).
            Foundation.exit(code.rawValue)
        } catch {
            // --help and --version end here too, with exit code 0 and their full text.
            guard exitCode(for: error) != .success else { exit(withError: error) }
            Console.error(UsageError.line(fullMessage(for: error)))
            Foundation.exit(ExitStatus.code(for: .usage))
        }
    }
}
