import ArgumentParser
import Foundation
import OrderMail

/// `ordermail activate`: the e-mail order to 1177's support that activates care units for web
/// booking in QA.
struct ActivateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Compose (and with --send, send) the order that activates care units for web booking in 1177's QA.",
        discussion: """
            Reads the units from a CSV list with a header row, in English or Swedish: hsa_id (hsa-id), \
            name (namn), county (län: SCB code or name) and optionally municipality_code (kommunkod), \
            municipality (kommun) and visiting_address (besöksadress); a contracts column, which \
            bulk-tak reads, is passed over. ; or , separated, UTF-8 or Windows-1252. Every unit is \
            checked first (HSA-id, county, a municipality code of that county and its name, no unit \
            twice), and every problem is reported with its line; then nothing is recorded. Units \
            the ledger has activated in QA, or with support in another order, are left out with a \
            note naming that order; an order left with no unit is refused. The message lists the \
            units as a plain-text table (with --attach-csv also as a CSV file) and is recorded as an \
            activation order: a draft that 'ordermail send ID' sends, or with --send sent at once, \
            as send does. Record support's answer with 'ordermail mark ID confirmed' (--units or \
            --except FILE when only some units were activated). In production the region's own \
            1177 administration activates units: record that with 'ordermail record --activation'.
            """)

    @Option(help: "The 1177 environment: qa (production units are activated by the region's own 1177 administration).")
    var environment: String?

    @Option(help: ArgumentHelp("The care units: CSV with a header row (hsa_id, name, county, ...).", valueName: "file"))
    var units: String

    @OptionGroup var party: OrderingPartyOptions

    @Option(help: "The region's own case number (in the subject).")
    var reference: String?

    @Option(help: "The language of the order's text (default: sv).")
    var language: Language?

    @Flag(help: "Attach the list as a CSV file too (UTF-8 with BOM, ;-separated).")
    var attachCSV = false

    @Flag(help: "Send the order at once through the configured SMTP server, as send does.")
    var send = false

    @Flag(help: "Validate and print the order without recording it.")
    var dryRun = false

    @Option(help: "Write the message to this file (mode 0600) instead of stdout.")
    var output: String?

    @Option(help: "eml: the exact message; text: a readable view.")
    var format: MessageFormat = .eml

    @Flag(help: "Overwrite the --output file if it exists.")
    var overwrite = false

    @Flag(help: "With --send: send although one of the units waits in another unsent order (a draft or a failed send).")
    var despiteUnsentOrder = false

    @Flag(help: .hidden)
    var force = false

    @Flag(help: "Print the SMTP conversation on stderr (authentication redacted).")
    var verbose = false

    @OptionGroup var templates: TemplatesOption

    @OptionGroup var addressing: AddressingOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if force {
            throw ValidationError(
                "--force: activate has no --force: --overwrite replaces the --output file, --despite-unsent-order sends although a unit waits in another unsent order"
            )
        }
        if overwrite, output == nil { throw ValidationError("--overwrite: goes with --output (the file it replaces)") }
        if despiteUnsentOrder, !send {
            throw ValidationError("--despite-unsent-order: goes with --send (send ID sends a stored draft)")
        }
        if format == .json { throw ValidationError("--format: eml or text for an activation order") }
        if send, dryRun { throw ValidationError("--dry-run: give either --send or --dry-run, not both") }
        if send, output != nil {
            throw ValidationError(
                "--output: a sent order is not written to a file; leave out --send and send the draft after review")
        }
    }

    func run() throws {
        if let output { try OutputFile.check(output, overwrite: overwrite) }
        let prepared = try PreparedActivationOrder(
            request(), units: units, common: common, overrides: [try addressing.overrides(), try smtp.overrides()],
            templates: templates.folder)
        let composition = prepared.composition
        if dryRun {
            try deliver(render(composition))
            Console.note("not recorded (--dry-run)")
            return
        }
        let sending = CommandLineSend(force: false, verbose: verbose)
        let settings = send ? try sending.settings(prepared.configuration, sender: prepared.envelopeSender) : nil
        let ledger = try common.ledger(existing: prepared.existingLedger, prepared.configuration)
        if let settings {
            var use = try sending.useCase(ledger, settings)
            use.despiteUnsentOrder = despiteUnsentOrder
            let delivery = try use.sendNew(composition)
            try sending.report(
                delivery,
                sent: "activation order \(delivery.orderID) (\(composition.order.units.count.counted("unit")))")
            return
        }
        // The file is written inside the transaction that records the draft, as compose's is.
        let id = try prepared.recordDraft(in: ledger) { (_) throws(OrderMailError) in
            do { try deliver(render(composition)) } catch let error as OrderMailError { throw error } catch {
                throw .cannotWrite(path: output ?? "stdout", reason: "\(error)")
            }
        }
        Console.note(
            "recorded as activation order \(id) (draft, \(composition.order.units.count.counted("unit"))); after review, send it with: ordermail send \(id)"
        )
    }

    /// The order the flags describe.
    private func request() -> ActivationOrderRequest {
        var request = ActivationOrderRequest()
        request.environment = environment.map { SourcedValue($0) }
        party.fill(&request)
        request.reference = reference.map { SourcedValue($0) }
        request.language = language ?? .sv
        request.attachesCSV = attachCSV
        return request
    }

    private func render(_ composition: ActivationComposition) -> [UInt8] {
        format == .text ? Array(OrderView.text(of: composition).utf8) : composition.message.bytes
    }

    private func deliver(_ bytes: [UInt8]) throws(OrderMailError) {
        if let output { try OutputFile.write(bytes, to: output, overwrite: overwrite) } else { Console.write(bytes) }
    }
}
