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
                Prints the number of orders, compliance checks (those recorded since schema version 8; \
                earlier ones are counted as orders) and events, and the head hash, and a line to paste into a \
                ticket or the team's wiki. The chain has no key: someone who can write the file can \
                recompute it. Only a head noted elsewhere catches that: --expect-head takes the \
                noted hash (or the pasted line) back and fails when it is no longer in the chain. \
                Every command also keeps, in $XDG_STATE_HOME/ordermail/, the newest event you have \
                seen; verify fails when that event is gone or changed. Exits 65 at the first problem.
                """)

        @OptionGroup var common: CommonOptions

        @Option(help: "A head hash noted earlier (or the whole anchor line), which must still be in the chain.")
        var expectHead: String?

        func run() throws {
            var expected: String?
            if let expectHead {
                guard let hash = LedgerAnchor.hash(in: expectHead) else {
                    throw OrderMailError.invalidField(
                        FieldError(
                            field: "expect-head",
                            rule: "must be a head hash of 64 hex digits, or the anchor line verify printed"),
                        source: .commandLine)
                }
                expected = hash
            }
            let ledger = try common.openExistingLedger(checkingWitness: false)
            let result = try ledger.verify(expectedHead: expected)
            if let problem = result.problem { throw OrderMailError.ledger("ledger verify: \(problem)", .data) }
            if let witness = ledger.witness, let divergence = try witness.divergence(of: ledger) {
                throw OrderMailError.ledger(
                    "ledger verify: \(divergence): the chain holds, so it was recomputed or cut after you read it; if the ledger was restored from a backup on purpose, remove \(witness.file(for: ledger.location.path))",
                    .data)
            }
            try ledger.witness?.note(ledger)
            Console.write(
                Array(
                    "orders: \(result.orderCount)\nchecks: \(result.checkCount)\nevents: \(result.eventCount)\nhead: \(result.headHash)\n"
                        .utf8))
            let anchor = LedgerAnchor.line(
                head: result.headHash, events: result.eventCount, path: ledger.location.path, at: Date())
            Console.write(Array("ok\nanchor: \(anchor)\n".utf8))
        }
    }
}
