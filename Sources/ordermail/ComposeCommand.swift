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

    @Option(help: "Folder of order templates (default: \(TemplateLocator.environmentVariable), then the installed or source-tree Templates).")
    var templates: String?

    func run() throws {
        let environment = MessageEnvironment.system()
        let order = try order.request().validated(today: environment.today)
        if order.sourceSystem.form == .nonstandard {
            Console.warning(
                "--hsa-id \(order.sourceSystem.verbatim.debugDescription) does not follow Inera's HSA-id rules; accepted only because of --allow-nonstandard-hsa-id")
        }
        let addressing = Addressing(
            to: try addresses(recipients.isEmpty ? [Addressing.defaultRecipient] : recipients, field: "to"),
            cc: try addresses(copies, field: "cc"))
        let templatesDirectory = try TemplateLocator.locate(
            explicit: templates, environment: ProcessInfo.processInfo.environment,
            executablePath: CommandLine.executablePath)
        let message = try order.message(
            addressing: addressing, templatesDirectory: templatesDirectory, environment: environment,
            outlookDraft: outlookDraft)
        let bytes = try format.render(message, of: order, addressing: addressing)
        if let output {
            try OutputFile.write(bytes, to: output, overwrite: force)
        } else {
            Console.write(bytes)
        }
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
