import ArgumentParser
import Foundation
import OrderMail

/// `ordermail compose`: validates an order, records it as a draft and prints its e-mail.
struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Compose a whitelisting order, record it as a draft and print the e-mail.",
        discussion: """
            Prints the complete message (RFC 5322, UTF-8, quoted-printable) exactly as it would be \
            transmitted. A production order needs --confirm-compliance. The HSA-id appears in the \
            message exactly as given. The order is recorded in the ledger as a draft, which \
            'ordermail send ID' sends byte for byte after review.
            """)

    @OptionGroup var order: WhitelistingOrderOptions
    @OptionGroup var addressing: AddressingOptions
    @OptionGroup var common: CommonOptions

    @Option(help: "Write the message to this file (created 0600) instead of stdout.")
    var output: String?

    @Flag(help: "Overwrite the --output file if it exists.")
    var force = false

    @Flag(help: "Add X-Unsent: 1 so that Outlook opens the file as an editable draft.")
    var outlookDraft = false

    @Option(help: "eml: the message; json: the validated order with its subject, body and message.")
    var format: MessageFormat = .eml

    @Option(help: "Folder of order templates (default: \(TemplateLocator.environmentVariable), then the installed or source-tree Templates).")
    var templates: String?

    func run() throws {
        let file = try output.map { path throws(OrderMailError) in try OutputFile.create(at: path, overwrite: force) }
        do {
            let prepared = try PreparedOrder(
                order: order, common: common, addressing: addressing, templates: templates, outlookDraft: outlookDraft)
            let id = try prepared.ledger().record(prepared.newOrder, firstEvent: .draft, at: prepared.environment.now)
            let bytes = try format.render(prepared.composition, orderID: id)
            if let file {
                try file.write(bytes)
            } else {
                Console.write(bytes)
            }
            Console.note("recorded as order \(id) (draft); after review, send it with: ordermail send \(id)")
        } catch {
            file?.discard()
            throw error
        }
    }
}
