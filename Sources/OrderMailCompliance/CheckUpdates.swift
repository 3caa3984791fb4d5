import Foundation
import OrderMailCore

/// `check-updates`: reads the `Update` requests a booking system sent, wherever they sit in the
/// inputs, and checks every engagement of the system against every rule that can be checked
/// from the requests (``ComplianceRule/all``).
///
/// Every input is read exactly once, side by side with the others: the requests of all inputs are
/// checked in the order of capture (a bounded merge by their timestamps; within an input, in its
/// own order). Each input's digest is a SHA-256 over the SHA-256 digests (hex) of its 1 MiB pieces
/// as read (after decompression), and the check's ``ComplianceCheckSummary/inputDigest`` is a
/// SHA-256 over those digests in the order the inputs were given.
public enum CheckUpdates {
    /// The version of ordermail's rules; raise it whenever a rule is added or changed.
    public static let ruleSetVersion = 2
    /// The national Engagemangsindex's own id, which the RIVTA header `LogicalAddress` of an `Update` names.
    public static let nationalIndexAddress = "5565594230"
    /// How many findings of one rule the report keeps (the count covers all of them).
    public static let keptPerRule = 100
    /// The longest line read; a longer one is reported and skipped.
    public static let maximumLine = 64 << 20

    /// What to check and how.
    public struct Options: Sendable {
        /// Files, folders and `-`.
        public var inputs: [String]
        /// The system to check (`--source-system`); nil: the only one the capture holds.
        public var sourceSystem: String?
        /// How HSA-ids are checked (`--environment`, `--allow-nonstandard-hsa-id`).
        public var policy: HSAIDPolicy
        public var tkb: TKBVersion
        /// The units the updates may address (upper case), when known: a `--units` list's or the
        /// ledger's activated ones (`--units-from-ledger`), named in findings by `unitsLabel`.
        public var units: Set<String>?
        /// How a finding names where the units come from.
        public var unitsLabel = "the --units list"
        /// The moment of capture of requests with no timestamp before them (`--captured-at`).
        public var capturedAt: Date?
        /// The booking `--timeline` follows.
        public var timelineBooking: String?
        /// Leave booking ids and times out of the report (`--share`).
        public var share: Bool
        /// When the check runs.
        public var now: Date
        /// The masking of identity numbers, with this run's key.
        public var mask: PersonalDataMask
        /// The index's own id the RIVTA header must name (`--index-address`; a regional index has its own).
        public var indexAddress: String
        /// The bomb limits on archives and compressed inputs.
        public var limits: CaptureInputs.Limits = CaptureInputs.Limits()

        public init(
            inputs: [String], sourceSystem: String? = nil, policy: HSAIDPolicy = .strict(allowTestCatalogue: false),
            tkb: TKBVersion = .v1_1, capturedAt: Date? = nil, timelineBooking: String? = nil,
            share: Bool = false, now: Date = Date(), mask: PersonalDataMask = .random(),
            indexAddress: String = CheckUpdates.nationalIndexAddress
        ) {
            self.inputs = inputs
            self.sourceSystem = sourceSystem
            self.policy = policy
            self.tkb = tkb
            self.capturedAt = capturedAt
            self.timelineBooking = timelineBooking
            self.share = share
            self.now = now
            self.mask = mask
            self.indexAddress = indexAddress
        }
    }

    /// A whitelisting order for the system checked, as the ledger holds it.
    public struct OrderedWhitelisting: Sendable {
        /// The order's id.
        public var id: Int64
        /// Its environment (`qa`, `production`).
        public var environment: String?
        /// The system's HSA-id exactly as the order spelt it.
        public var hsaID: String

        public init(id: Int64, environment: String?, hsaID: String) {
            self.id = id
            self.environment = environment
            self.hsaID = hsaID
        }
    }

    /// The report, whose ``ComplianceReport/summary`` is what the ledger keeps.
    public struct Outcome: Sendable {
        public var report: ComplianceReport
        public var summary: ComplianceCheckSummary { report.summary }
        /// How many bookings the across-request index held at the end.
        public var bookings: Int
        /// Every `logicalAddress` of the engagements checked, upper case, unmasked: care units'
        /// HSA-ids for `units` to compare (mask one before showing it).
        public var logicalAddresses: Set<String>
    }

    /// Runs the check. Throws for usage (a bad `--source-system`; several systems without one),
    /// missing inputs and an unreadable unit list; findings, errors among them, are in the outcome.
    ///
    /// `ordered` gives the whitelisting order for the system checked (its HSA-id as the capture or
    /// `--source-system` spells it), when one is known: the report shows its spelling beside the
    /// capture's, and each spelling that differs from it is an error of
    /// ``ComplianceRule/sourceSystemSpelling`` (the index keys records by the exact string).
    public static func run(
        _ options: Options, ordered: (String) throws(OrderMailError) -> OrderedWhitelisting? = { _ in nil }
    ) throws(OrderMailError) -> Outcome {
        var options = options
        if let selected = options.sourceSystem {
            do throws(FieldError) { _ = try HSAID(selected, policy: options.policy, field: "source-system") } catch {
                throw .invalidField(error, source: .commandLine)
            }
        }
        do throws(FieldError) {
            _ = try HSAID(options.indexAddress, policy: .engagementIndex, field: "index-address")
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
        if options.share, options.timelineBooking != nil {
            throw .invalidField(
                FieldError(field: "timeline", rule: "shows booking times; it cannot be combined with --share"),
                source: .commandLine)
        }
        let files = try CaptureInputs.expand(options.inputs)
        guard !files.isEmpty else {
            throw .missingInput(path: options.inputs.joined(separator: " "), reason: "no file to read")
        }
        let streams = try CaptureInputs.open(
            files, maximumLine: maximumLine, budget: InflationBudget(limits: options.limits))
        var checker = ComplianceChecker(options: options, units: options.units)
        merge(streams, into: &checker)
        let seen = checker.sourceSystems.filter { !$0.key.isEmpty }
        if options.sourceSystem == nil, seen.count > 1 {
            let listed = seen.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\(options.mask.mask($0.key)) (\($0.value))" }.joined(separator: ", ")
            throw .invalidField(
                FieldError(
                    field: "source-system",
                    rule:
                        "must name the system to check: the capture holds \(seen.count) sourceSystem values: \(listed)"),
                source: .commandLine)
        }
        if options.sourceSystem == nil { options.sourceSystem = seen.keys.first }
        let order = try options.sourceSystem.flatMap { selected throws(OrderMailError) in try ordered(selected) }
        return finish(checker, options: options, ordered: order)
    }

    /// Checks the documents of all streams in the order of capture: a bounded merge that takes,
    /// each time, the document captured first among the streams' next ones (a stream's own order
    /// kept; a document without a timestamp takes its stream's last). A document whose order
    /// against another stream's next one the timestamps do not establish (no timestamp, or the
    /// same one) is counted as such.
    package static func merge(_ streams: [DocumentStream], into checker: inout ComplianceChecker) {
        let pieceSize = min(1 << 20, max(16 << 10, (8 << 20) / max(streams.count, 1)))
        for (index, stream) in streams.enumerated() {
            stream.pieceSize = pieceSize
            checker.beginFile(index, name: stream.name)
        }
        var alive = Array(streams.indices)
        while true {
            var keys: [(index: Int, date: Date?, isOwn: Bool)] = []
            alive.removeAll { index in
                guard let key = streams[index].nextKey() else {
                    checker.endFile(index, stream: streams[index])
                    return true
                }
                keys.append((index, key.date, key.isOwn))
                return false
            }
            guard
                let first = keys.min(by: { ($0.date ?? .distantPast, $0.index) < ($1.date ?? .distantPast, $1.index) })
            else { break }
            let established = keys.allSatisfy { other in
                other.index == first.index
                    || (first.isOwn && other.isOwn && (first.date ?? .distantPast) < (other.date ?? .distantPast))
            }
            guard let document = streams[first.index].next() else { continue }
            checker.take(document, file: first.index, orderEstablished: established)
        }
    }

    private static func finish(_ checker: ComplianceChecker, options: Options, ordered: OrderedWhitelisting?) -> Outcome
    {
        var checker = checker
        let selected = options.sourceSystem ?? ""
        let orderedSpelling = ordered.map { compareSpelling(&checker, with: $0, options: options) }
        let checkedUnits = Set(checker.logicalAddresses.keys.map { $0.uppercased() })
        for (system, other) in checker.otherSystems.sorted(by: { $0.key < $1.key }) {
            guard other.isNearMiss else {
                checker.record(
                    .otherSourceSystem, file: other.file, line: other.line, field: "sourceSystem", value: system,
                    "\(other.count) engagements of another sourceSystem were not checked (the first here)")
                continue
            }
            let sharesUnit = !other.units.isDisjoint(with: checkedUnits)
            let shared = [other.sharesBooking ? "bookings" : nil, sharesUnit ? "units" : nil].compactMap { $0 }
            let message: FindingMessage =
                shared.isEmpty
                ? "sourceSystem \(system) (\(other.count) engagements, the first here) is a near miss of \(selected): another system, or a misspelling of it"
                : "sourceSystem \(system) (\(other.count) engagements, the first here) is a near miss of \(selected) and shares \(shared.joined(separator: " and ")) with it: a misspelling the index keeps as another system"
            let rule = shared.isEmpty ? ComplianceRule.sourceSystemNearMiss : ComplianceRule.sourceSystemNearMissShared
            checker.record(rule, file: other.file, line: other.line, field: "sourceSystem", value: system, message)
        }
        if checker.engagementsChecked == 0 {
            checker.record(
                .noEngagement, line: nil, field: "sourceSystem", value: selected.isEmpty ? nil : selected,
                "no engagement of the system to check was found: there is nothing to base evidence on")
        }
        let order = Dictionary(uniqueKeysWithValues: ComplianceRule.all.enumerated().map { ($0.element.id, $0.offset) })
        let rules = checker.findings.values.sorted {
            ($0.severity, order[$0.rule] ?? 0) < ($1.severity, order[$1.rule] ?? 0)
        }
        let count = { (severity: Severity) in rules.filter { $0.severity == severity }.reduce(0) { $0 + $1.count } }
        let form: String = {
            do throws(FieldError) {
                return try HSAID(selected, policy: options.policy, field: "sourceSystem").form.rawValue
            } catch {
                return "invalid"
            }
        }()
        let summary = ComplianceCheckSummary(
            checkedAt: options.now, ruleSet: "tidbokning-\(options.tkb.rawValue)", ruleSetVersion: ruleSetVersion,
            // Only a valid HSA-id is recorded as the system checked (an identity number as the only sourceSystem never is).
            sourceSystem: form == "invalid" ? "" : selected, sourceSystemForm: form, files: checker.files.count,
            requests: checker.requests, engagements: checker.engagementsChecked,
            errors: count(.error), warnings: count(.warning), notes: count(.info),
            capturedFrom: checker.firstCapture, capturedUntil: checker.lastCapture,
            inputDigest: SHA256.hex(checker.files.map(\.digest).joined()), verdict: count(.error) == 0 ? .pass : .fail,
            bytesRead: checker.files.map(\.bytesRead))
        let counted = { (values: [String: Int]) in
            values.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { ComplianceReport.ValueCount(value: options.mask.mask($0.key), count: $0.value) }
        }
        let report = ComplianceReport(
            summary: summary, tkb: options.tkb.rawValue, filesRead: checker.files, responses: checker.responses,
            sourceSystems: counted(checker.sourceSystems), logicalAddresses: counted(checker.logicalAddresses),
            headerLogicalAddresses: counted(checker.headerLogicalAddresses), rules: rules,
            timeline: options.timelineBooking == nil ? nil : checker.timeline, shared: options.share,
            limitations: limitations(checker, options: options), orderedSourceSystem: orderedSpelling)
        return Outcome(
            report: report, bookings: checker.bookings.count,
            logicalAddresses: Set(checker.logicalAddresses.keys.map { $0.uppercased() }))
    }
}

extension CheckUpdates {
    /// Compares every spelling of the system checked with the one whitelisting order `order` gave:
    /// one error per spelling that differs, at its first engagement, counting all of its engagements.
    static func compareSpelling(
        _ checker: inout ComplianceChecker, with order: OrderedWhitelisting, options: Options
    ) -> ComplianceReport.OrderedSpelling {
        let spellings = checker.checkedSpellings.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
        let place = "whitelisting order \(order.id)" + (order.environment.map { " (\($0))" } ?? "")
        for (spelling, seen) in spellings where spelling != order.hsaID {
            checker.record(
                .sourceSystemSpelling, file: seen.file, line: seen.line, field: "sourceSystem", value: spelling,
                counting: seen.count,
                "sourceSystem is spelt \(spelling) in \(seen.count.counted("engagement")) (the first here), \(place) spelt it \(order.hsaID): the index keys records by the exact string, so the system sends as another system than the one whitelisted"
            )
        }
        return ComplianceReport.OrderedSpelling(
            order: order.id, environment: order.environment, ordered: options.mask.mask(order.hsaID),
            captured: spellings.map {
                ComplianceReport.ValueCount(value: options.mask.mask($0.key), count: $0.value.count)
            },
            matches: spellings.allSatisfy { $0.key == order.hsaID })
    }

    /// What the verdict could not rest on, one sentence each.
    package static func limitations(_ checker: ComplianceChecker, options: Options) -> [String] {
        var limitations: [String] = []
        if checker.documentsOutOfEstablishedOrder > 0 {
            limitations.append(
                "the order of \(checker.documentsOutOfEstablishedOrder.counted("document")) against the other inputs could not be established from timestamps; findings that depend on it are warnings (booking.order-unknown)"
            )
        }
        if options.tkb == .v1_1, checker.requestsWithoutCaptureTime > 0 {
            let all = checker.requestsWithoutCaptureTime == checker.requestsChecked
            limitations.append(
                "the past-booking rule could not run for \(all ? "any" : "\(checker.requestsWithoutCaptureTime) of \(checker.requestsChecked)") request\(all ? "" : "s") of the system: no timestamp before \(all ? "them" : "those") and no --captured-at"
            )
        }
        return limitations
    }

    /// The output formats of `check-updates`.
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    /// Parses `--captured-at`: `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-ddTHH:mm:ss`, optionally with
    /// fractions and `Z` or an offset; without one, Swedish local time.
    public static func parseCapturedAt(_ text: String) throws(OrderMailError) -> Date {
        guard let date = CaptureTimestamps().parseLogTimestamp(Array(text.utf8)[...]) else {
            throw .invalidField(
                FieldError(
                    field: "captured-at",
                    rule: "must be a date and time such as 2026-11-20 14:03:00 (Swedish time) or 2026-11-20T13:03:00Z",
                    example: "2026-11-20 14:03:00"),
                source: .commandLine)
        }
        return date
    }

    /// The report as `--format` asks: the text, or one JSON document (sorted keys, ISO 8601 dates).
    public static func render(_ report: ComplianceReport, format: Format) -> [UInt8] {
        switch format {
        case .text:
            return Array(report.text.utf8)
        case .json:
            // Every member is a string, number, date or array of them: encoding cannot fail.
            return (try? JSONDocument.encode(report)) ?? [0x0A]
        }
    }
}
