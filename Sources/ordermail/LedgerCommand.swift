import ArgumentParser
import Foundation
import OrderMail

/// `ordermail ledger`: maintenance of the ledger itself.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Check the ledger.", subcommands: [VerifyCommand.self])

    /// `ordermail ledger verify`: walks the hash chain.
    struct VerifyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify the ledger's hash chain: that no order or event was changed, removed or inserted.",
            discussion: """
                Prints the number of orders and events and the head hash. Note the head hash somewhere \
                else: with --expect-head, verify also notices when the newest events were removed. \
                Exits 65 at the first problem.
                """)

        @OptionGroup var common: CommonOptions

        @Option(help: "A head hash noted earlier, which must still be in the chain.")
        var expectHead: String?

        func run() throws {
            let result = try common.openExistingLedger().verify(expectedHead: expectHead)
            Console.write(Array("orders: \(result.orderCount)\nevents: \(result.eventCount)\nhead: \(result.headHash)\n".utf8))
            if let problem = result.problem { throw OrderMailError.ledger("ledger verify: \(problem)", .data) }
            Console.write(Array("ok\n".utf8))
        }
    }
}
