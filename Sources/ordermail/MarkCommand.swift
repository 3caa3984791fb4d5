import ArgumentParser
import Foundation
import OrderMail

/// `ordermail mark`: records support's answer to an order.
struct MarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Record 1177 support's answer to an order: confirmed or rejected.")

    /// The answers a person can record.
    enum Answer: String, ArgumentChoice {
        case confirmed, rejected
    }

    @OptionGroup var common: CommonOptions

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Argument(help: "confirmed or rejected.")
    var answer: Answer

    @Option(name: .customLong("case"), help: "Support's case number.")
    var supportCase: String?

    @Option(help: "A note, such as what support wrote.")
    var note: String?

    func run() throws {
        let supportCase = try self.supportCase.map { text throws(OrderMailError) in try validated(text, field: "case", maximumLength: 100) }
        let note = try self.note.map { text throws(OrderMailError) in try validated(text, field: "note", maximumLength: 1000) }
        let ledger = try common.openExistingLedger()
        let event = EventDraft(type: answer == .confirmed ? .confirmed : .rejected, supportCase: supportCase, note: note)
        try ledger.append(event, toOrder: id, at: Date())
        Console.write(Array("order \(id): \(answer.rawValue)\n".utf8))
    }

    private func validated(_ text: String, field: String, maximumLength: Int) throws(OrderMailError) -> String {
        do { return try OrderText(text, field: field, maximumLength: maximumLength).value } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }
}
