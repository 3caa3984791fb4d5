import ArgumentParser
import Foundation
import OrderMail

extension CheckUpdates.Format: ExpressibleByArgument {}
extension TKBVersion: ExpressibleByArgument {}

/// `ordermail check-updates`: checks a booking system's captured `Update` requests against the Tidbokning rules.
struct CheckUpdatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-updates",
        abstract: "Check a booking system's captured Engagemangsindex Update requests against the Tidbokning rules.",
        discussion: """
            Reads the Update requests the booking system sent, wherever they sit in the inputs (XML files, \
            SOAP envelopes or bare Update elements, log lines, VP's LEGACY Payload= blocks and ECS JSON lines, \
            HTTP dumps; folders recursively, .gz, .zip, - for standard input; UTF-8 or UTF-16 with a BOM), and checks \
            every engagement of the system against every rule that can be checked from the requests \
            (--list-rules). Personal identity numbers are shown only as their kind and a digest keyed anew \
            for each run; no log line is ever printed. Exits 0 when no error was found (warnings alone exit \
            0), 65 when one was, 64 when the capture holds several systems and --source-system is not given.
            """)

    @Argument(help: ArgumentHelp("Files, folders or - (standard input) holding captured requests.", valueName: "input"))
    var inputs: [String] = []

    @Option(
        name: .customLong("source-system"),
        help: ArgumentHelp(
            "The booking system's HSA-id to check (needed when the capture holds several).", valueName: "hsa-id"))
    var sourceSystem: String?

    @Option(help: "qa accepts Inera's test-catalogue (TSTNMT) ids; production (the default) does not.")
    var environment: String?

    @Flag(
        name: .customLong("allow-nonstandard-hsa-id"),
        help: "Accept ids that only meet Engagemangsindex's own rule (such as HSASERVICES-106J).")
    var allowNonstandardHSAID = false

    @Option(
        name: .customLong("index-address"),
        help: ArgumentHelp(
            "The index's own id the RIVTA header LogicalAddress must name: a regional index's (default: the national 5565594230).",
            valueName: "hsa-id"))
    var indexAddress: String = CheckUpdates.nationalIndexAddress

    @Option(help: "The Tidbokning contract: 1.1 (crm:scheduling) or 2.0 (supportprocess:logistics:scheduling).")
    var tkb: TKBVersion = .v1_1

    @Option(
        help: ArgumentHelp(
            "A unit list in bulk-tak's forms: logicalAddress values not in it are reported.", valueName: "file"))
    var units: String?

    @Option(
        name: .customLong("units-from-ledger"),
        help: ArgumentHelp(
            "qa or production: logicalAddress values the ledger has not activated there are reported.",
            valueName: "environment"))
    var unitsFromLedger: String?

    @Option(
        name: .customLong("captured-at"),
        help: ArgumentHelp(
            "The moment of capture of requests with no timestamp before them, e.g. 2026-11-20 14:03:00.",
            valueName: "time"))
    var capturedAt: String?

    @Option(
        help: ArgumentHelp(
            "Show every engagement of this booking (businessObjectInstanceIdentifier) in capture order.",
            valueName: "booking-id"))
    var timeline: String?

    @Flag(
        name: .customLong("list-rules"),
        help: "List every rule with its id, severity, explanation and source, and exit.")
    var listRules = false

    @Option(help: "text or json (one document for scripts).")
    var format: CheckUpdates.Format = .text

    @Flag(help: "Leave booking ids and times out too, for a report that goes into a ticket or to a vendor.")
    var share = false

    @Flag(
        help:
            "Do not record the check in the ledger (by default it is recorded: a passing check is cited by a production order, a failing one stops it; see ordermail checks)."
    )
    var noRecord = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if !listRules, inputs.isEmpty {
            throw ValidationError("<inputs>: name at least one input (a file, a folder or -)")
        }
        if units != nil, unitsFromLedger != nil {
            throw ValidationError("--units-from-ledger: give either --units or --units-from-ledger, not both")
        }
    }

    func run() throws {
        if listRules {
            Console.write(Array(ComplianceRule.listing.utf8))
            return
        }
        let environment = try parsedEnvironment(self.environment, field: "environment")
        var options = CheckUpdates.Options(
            inputs: inputs, sourceSystem: sourceSystem,
            policy: HSAIDPolicy.sourceSystem(in: environment, allowingNonstandard: allowNonstandardHSAID), tkb: tkb,
            capturedAt: try capturedAt.map { text throws(OrderMailError) in try CheckUpdates.parseCapturedAt(text) },
            timelineBooking: timeline, share: share, indexAddress: indexAddress)
        if let units { try options.readUnits(from: units) }
        let activated = try parsedEnvironment(unitsFromLedger, field: "units-from-ledger")
        // The configuration is read only when a ledger is: to record in, or to read from.
        let configuration = !noRecord || activated != nil || common.ledgerPath != nil ? try common.configuration() : nil
        let ledger = try configuration.flatMap { configuration throws(OrderMailError) in try ledgerToRead(configuration)
        }
        if let activated, let ledger {
            options.units = try ledger.activatedUnits(in: activated)
            options.unitsLabel = "the units the ledger has activated in \(activated.rawValue)"
        }
        let recording = configuration.flatMap { configuration in
            noRecord ? nil : { () throws(OrderMailError) in try common.ledger(existing: ledger, configuration) }
        }
        let (outcome, recorded) = try RecordComplianceCheck.check(
            options, environment: environment, reading: ledger, recordingIn: recording)
        Console.write(CheckUpdates.render(outcome.report, format: format))
        if let recorded { Console.note(RecordComplianceCheck.note(recorded)) }
        if outcome.summary.verdict == .fail { throw ExitCode(65) }
    }

    /// The ledger whose whitelisting order the report compares the spelling with: the one a check is
    /// recorded in, or with --no-record one --ledger names; it must exist for --units-from-ledger.
    /// A missing ledger is not created to be read.
    private func ledgerToRead(_ configuration: Configuration) throws(OrderMailError) -> Ledger? {
        if unitsFromLedger != nil { return try common.openExistingLedger(configuration) }
        guard !noRecord || common.ledgerPath != nil else { return nil }
        return try common.openLedger(configuration, create: false)
    }

    private func parsedEnvironment(_ text: String?, field: String) throws(OrderMailError) -> Environment? {
        guard let text else { return nil }
        do throws(FieldError) { return try Environment(parsing: text, field: field) } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }
}
