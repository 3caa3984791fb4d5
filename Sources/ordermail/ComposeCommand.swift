import ArgumentParser
import Foundation
import OrderMail

/// `ordermail compose`: validates an order and prints its e-mail.
struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Compose a whitelisting order and print the e-mail.",
        discussion: """
            Prints the complete message (RFC 5322, UTF-8, quoted-printable) exactly as it would be \
            transmitted. A production order needs --confirm-compliance. The HSA-id appears in the \
            message exactly as given.
            """)

    @OptionGroup var order: WhitelistingOrderOptions

    @Option(name: .customLong("to"), help: "Recipient, repeatable (default: \(Addressing.defaultRecipient)).")
    var recipients: [String] = []

    @Option(name: .customLong("cc"), help: "Copy recipient, repeatable (e.g. the team's shared mailbox).")
    var copies: [String] = []

    @Option(help: "Write the message to this file (created 0600) instead of stdout.")
    var output: String?

    @Flag(help: "Overwrite the --output file if it exists.")
    var force = false

    @Flag(help: "Add X-Unsent: 1 so that Outlook opens the file as an editable draft.")
    var outlookDraft = false

    @Option(help: "eml: the message; json: the validated order with its subject, body and message.")
    var format: MessageFormat = .eml

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Folder of order templates (default: \(TemplateLocator.environmentVariable), then the installed or source-tree Templates).")
    var templates: String?

    func run() throws {
        if let output, !force, FileManager.default.fileExists(atPath: output) {
            throw OrderMailError.outputExists(path: output)
        }
        let environment = MessageEnvironment.system()
        let request = try order.request()
        let addressing = Addressing(
            to: try addresses(recipients.isEmpty ? [Addressing.defaultRecipient] : recipients, field: "to"),
            cc: try addresses(copies, field: "cc"))
        let templatesDirectory = try TemplateLocator.locate(
            explicit: templates, environment: ProcessInfo.processInfo.environment,
            executablePath: CommandLine.executablePath)
        let ledger = try ledger.open(create: true)
        let composition = try WhitelistingComposer(
            templatesDirectory: templatesDirectory, environment: environment, outlookDraft: outlookDraft
        ).compose(request, addressing: addressing, ledger: ledger)
        let id = try ledger?.record(
            .whitelisting(composition.order, message: composition.message, addressing: addressing),
            firstEvent: .draft, at: environment.now)
        let bytes = try format.render(composition, orderID: id)
        composition.warnings.forEach(Console.warning)
        if let output {
            try OutputFile.write(bytes, to: output, overwrite: force)
        } else {
            Console.write(bytes)
        }
        if let id { Console.note("recorded as order \(id) (draft); after review, send it with: ordermail send \(id)") }
    }
}

/// Validates addresses given with a repeatable flag.
func addresses(_ texts: [String], field: String) throws(OrderMailError) -> [EmailAddress] {
    var result: [EmailAddress] = []
    for text in texts {
        do { result.append(try EmailAddress(text, field: field)) } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }
    return result
}

extension CommandLine {
    /// The running binary's path, symbolic links resolved.
    static var executablePath: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments.first
    }
}
