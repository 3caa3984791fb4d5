import ArgumentParser
import Foundation
import OrderMail

/// `ordermail discard`: sets a draft or failed order aside, as an event; nothing is deleted.
struct DiscardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard",
        abstract:
            "Set a draft or failed order aside (recorded as an event: the history and the hash chain stay whole).",
        discussion: "list hides discarded orders unless --all or --status discarded.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Option(help: "Why, for the history.")
    var note: String?

    func run() throws {
        let mark = MarkOrder.Mark(.discarded, note: note)
        _ = try MarkOrder.event(for: mark)  // the note, checked before the ledger is opened
        try MarkOrder(ledger: try common.openExistingLedger()).record(mark, onOrder: id)
        Console.write(Array("order \(id): discarded\n".utf8))
    }
}
