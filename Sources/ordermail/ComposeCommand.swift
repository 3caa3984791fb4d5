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
            transmitted, or with --format text a readable view of it. A production order needs \
            --confirm-compliance. The HSA-id appears in the message exactly as given. The order is \
            recorded in the ledger as a draft, which 'ordermail send ID' sends byte for byte after \
            review; --dry-run validates and prints without recording.
            """)

    @OptionGroup var order: WhitelistingOrderOptions
    @OptionGroup var addressing: AddressingOptions
    @OptionGroup var common: CommonOptions

    @Option(help: "Write the message to this file (mode 0600) instead of stdout.")
    var output: String?

    @Flag(help: "Overwrite the --output file if it exists.")
    var overwrite = false

    @Option(
        help: ArgumentHelp(
            "Compose a production order although its system's latest compliance check, this one, failed; recorded with the order.",
            valueName: "check-id"))
    var despiteFailedCheck: Int64?

    @Flag(help: .hidden)
    var force = false

    @Flag(
        help:
            "Add X-Unsent: 1 to the written message, so that Outlook opens it as an editable draft (the ledger keeps the message without it)."
    )
    var outlookDraft = false

    @Flag(help: "Validate and print the order without recording it.")
    var dryRun = false

    @Option(
        help:
            "eml: the exact message; text: a readable view; json: the validated order with its subject, body and message."
    )
    var format: MessageFormat = .eml

    @OptionGroup var templates: TemplatesOption

    func validate() throws {
        if force {
            throw ValidationError(
                "--force: compose has no --force: --overwrite replaces the --output file, --despite-failed-check CHECK-ID composes despite a failing compliance check"
            )
        }
        if outlookDraft, format != .eml {
            throw ValidationError("--outlook-draft: goes with --format eml (the message Outlook opens)")
        }
    }

    func run() throws {
        if let output { try OutputFile.check(output, overwrite: overwrite) }
        let prepared = try PreparedOrder(
            order: order, common: common, addressing: addressing, templates: templates.folder,
            despiteFailedCheck: despiteFailedCheck)
        if dryRun {
            try deliver(try format.render(prepared.composition, orderID: nil, outlookDraft: outlookDraft))
            Console.note("not recorded (--dry-run)")
            return
        }
        // The file is written inside the transaction that records the draft: if it cannot be
        // written (a full disk), the draft is not recorded either.
        let id = try prepared.recordDraft(
            in: try common.ledger(existing: prepared.existingLedger, prepared.configuration)
        ) { (id) throws(OrderMailError) in
            do {
                try deliver(try format.render(prepared.composition, orderID: id, outlookDraft: outlookDraft))
            } catch let error as OrderMailError {
                throw error
            } catch {
                throw .cannotWrite(path: output ?? "stdout", reason: "\(error)")
            }
        }
        if outlookDraft {
            Console.note(
                "recorded as order \(id) (draft); once Outlook has sent it, record the send with: ordermail mark \(id) sent --from-message SENT.eml (saved from Sent Items), or --note 'sent from Outlook'"
            )
        } else {
            Console.note("recorded as order \(id) (draft); after review, send it with: ordermail send \(id)")
        }
    }

    private func deliver(_ bytes: [UInt8]) throws(OrderMailError) {
        if let output { try OutputFile.write(bytes, to: output, overwrite: overwrite) } else { Console.write(bytes) }
    }
}
