import ArgumentParser
import Foundation
import OrderMail

/// `ordermail checks`: the compliance checks check-updates recorded.
struct ChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "List, show and withdraw the compliance checks check-updates recorded.",
        discussion: """
            A production order cites the latest check of its system that is not withdrawn when it \
            passed, and is stopped by it when it failed. A check run on the wrong capture is \
            withdrawn, with a note saying why; the withdrawal is kept in the hash chain.
            """,
        subcommands: [ListChecks.self, ShowCheck.self, WithdrawCheck.self])

    /// `ordermail checks list`.
    struct ListChecks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the compliance checks, newest first.")

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("hsa-id"), help: "Only checks of this source system (any case).")
        var hsaID: String?

        @Option(help: "table or json (JSON Lines).")
        var format: ChecksFormat = .table

        func run() throws {
            let configuration = try common.configuration()
            let checks = try common.openLedger(configuration, create: false)?.complianceChecks(hsaID: hsaID) ?? []
            Console.write(
                format == .json ? ComplianceCheckView.jsonLines(checks) : Array(ComplianceCheckView.table(checks).utf8))
        }
    }

    /// `ordermail checks show ID`.
    struct ShowCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show every field of one compliance check.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The check's id, as checks list shows it.")
        var id: Int64

        func run() throws {
            guard let check = try common.openExistingLedger().complianceCheck(id: id) else {
                throw OrderMailError.ledger("checks: there is no compliance check \(id)", .data)
            }
            Console.write(Array(ComplianceCheckView.text(check).utf8))
        }
    }

    /// `ordermail checks withdraw ID --note WHY`.
    struct WithdrawCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw",
            abstract: "Withdraw a compliance check (run on the wrong capture, or an experiment): it stops counting.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The check's id, as checks list shows it.")
        var id: Int64

        @Option(help: "Why it is withdrawn (kept with the withdrawal).")
        var note: String

        func run() throws {
            let check = try RecordComplianceCheck.withdraw(id, note: note, in: try common.openExistingLedger())
            Console.note(
                "compliance check \(check.id) of \(check.sourceSystem) withdrawn; it no longer counts for a production order"
            )
        }
    }

    /// How `checks list` prints.
    enum ChecksFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }
}
