import Foundation
import OrderMailCompliance
import OrderMailCore

/// A compliance check (`check-updates`) as the ledger keeps it: what was checked, against which
/// rules, what was found, and whether it still counts. No personal data: the system checked, the
/// units' HSA-ids (`logicalAddress`), counts, the capture's time span and a digest of the inputs.
///
/// Checks recorded since schema version 8 are rows of `compliance_checks`, described once in
/// ``columns``; those recorded earlier are rows of `orders` (kind `compliance-check`) holding the
/// summary as JSON, read here as checks with the fields they did not keep left nil.
public struct ComplianceCheckRecord: Equatable, Sendable {
    public var id: Int64 = 0
    /// When the check ran, UTC, `yyyy-MM-ddTHH:mm:ssZ`.
    public var checkedAt = ""
    /// The operator who ran it.
    public var recordedBy = ""
    /// The operating-system account that ran ordermail (not kept by checks recorded before schema 8).
    public var osUser: String?
    /// The rule set, e.g. `tidbokning-1.1`.
    public var ruleSet = ""
    /// The version of ordermail's rules within the set.
    public var ruleSetVersion: Int64 = 0
    /// `qa` or `production`, when `--environment` was given.
    public var environment: String?
    /// The `sourceSystem` checked, as given.
    public var sourceSystem = ""
    /// Upper case, for comparison.
    public var sourceSystemNormalized = ""
    /// `national`, `test-catalogue` or `nonstandard`.
    public var sourceSystemForm = ""
    /// The index's id the requests' RIVTA header `LogicalAddress` was expected to hold.
    public var indexAddress: String?
    public var files: Int64 = 0
    /// `Update` requests found (of every system).
    public var requests: Int64 = 0
    /// Engagements of the system checked.
    public var engagements: Int64 = 0
    public var errors: Int64 = 0
    public var warnings: Int64 = 0
    public var notes: Int64 = 0
    /// The earliest and latest moment of capture, UTC timestamps, where known.
    public var capturedFrom: String?
    public var capturedUntil: String?
    /// The distinct `logicalAddress` values (units' HSA-ids) of the engagements checked, one per line.
    public var logicalAddressList = ""
    /// SHA-256 over the inputs (see ``CheckUpdates``).
    public var inputSHA256 = ""
    public var verdict: ComplianceCheckSummary.Verdict = .fail
    public var toolVersion = ""

    /// Whether the check was recorded before schema version 8, as order ``id``.
    public var recordedAsOrder = false
    /// Its withdrawal, when it was withdrawn: it then no longer counts.
    public var withdrawal: CheckEventRecord?

    public init() {}

    /// The distinct `logicalAddress` values seen; empty for a check recorded before schema 8.
    public var logicalAddresses: [String] { logicalAddressList.split(separator: "\n").map(String.init) }

    /// Whether the production guard may use it.
    public var counts: Bool { withdrawal == nil }

    /// Every column of `compliance_checks`, in the order of the table.
    static let columns: [LedgerColumn<ComplianceCheckRecord>] = [
        .integer("id", \.id), .text("checked_at", \.checkedAt), .text("recorded_by", \.recordedBy),
        .optionalText("os_user", \.osUser), .text("rule_set", \.ruleSet),
        .integer("rule_set_version", \.ruleSetVersion),
        .optionalText("environment", \.environment), .text("source_system", \.sourceSystem),
        .text("source_system_normalized", \.sourceSystemNormalized), .text("source_system_form", \.sourceSystemForm),
        .optionalText("index_address", \.indexAddress), .integer("files", \.files), .integer("requests", \.requests),
        .integer("engagements", \.engagements), .integer("errors", \.errors), .integer("warnings", \.warnings),
        .integer("notes", \.notes), .optionalText("captured_from", \.capturedFrom),
        .optionalText("captured_until", \.capturedUntil), .text("logical_addresses", \.logicalAddressList),
        .text("input_sha256", \.inputSHA256), .choice("verdict", \.verdict), .text("tool_version", \.toolVersion),
    ]

    /// The digest a check event's hash covers: every column, each with its name.
    var digest: String { SHA256.hex(CanonicalForm.encode(named: Self.columns.map { ($0.name, $0.value(self)) })) }

    /// A check made from `check-updates`' outcome, to record.
    public init(_ outcome: CheckUpdates.Outcome, environment: Environment?, indexAddress: String) {
        self.init(summary: outcome.summary)
        self.environment = environment?.rawValue
        sourceSystemNormalized = HSAIDAnalysis.upperCased(outcome.summary.sourceSystem)
        self.indexAddress = indexAddress
        logicalAddressList = Set(outcome.report.logicalAddresses.map(\.value)).sorted().joined(separator: "\n")
        toolVersion = OrderMailVersion.current
    }

    /// The fields a check's summary holds; the caller sets the rest.
    private init(summary: ComplianceCheckSummary) {
        checkedAt = DateFormats.timestamp(summary.checkedAt)
        ruleSet = summary.ruleSet
        ruleSetVersion = Int64(summary.ruleSetVersion)
        sourceSystem = summary.sourceSystem
        sourceSystemForm = summary.sourceSystemForm
        files = Int64(summary.files)
        requests = Int64(summary.requests)
        engagements = Int64(summary.engagements)
        errors = Int64(summary.errors)
        warnings = Int64(summary.warnings)
        notes = Int64(summary.notes)
        capturedFrom = summary.capturedFrom.map(DateFormats.timestamp)
        capturedUntil = summary.capturedUntil.map(DateFormats.timestamp)
        inputSHA256 = summary.inputDigest
        verdict = summary.verdict
    }

    /// A check recorded before schema version 8: order `order`, whose message is the summary as JSON.
    init?(legacy order: OrderRecord) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard order.kind == .complianceCheck,
            let summary = try? decoder.decode(ComplianceCheckSummary.self, from: Data(order.message))
        else { return nil }
        self.init(summary: summary)
        id = order.id
        recordedBy = order.recordedBy
        environment = order.environment
        sourceSystemNormalized = order.hsaIDNormalized
        toolVersion = order.toolVersion
        recordedAsOrder = true
    }

    /// The summary a production order's text cites.
    public var summary: ComplianceCheckSummary {
        ComplianceCheckSummary(
            checkedAt: DateFormats.date(fromTimestamp: checkedAt) ?? Date(timeIntervalSince1970: 0), ruleSet: ruleSet,
            ruleSetVersion: Int(ruleSetVersion), sourceSystem: sourceSystem, sourceSystemForm: sourceSystemForm,
            files: Int(files), requests: Int(requests), engagements: Int(engagements), errors: Int(errors),
            warnings: Int(warnings), notes: Int(notes),
            capturedFrom: capturedFrom.flatMap(DateFormats.date(fromTimestamp:)),
            capturedUntil: capturedUntil.flatMap(DateFormats.date(fromTimestamp:)), inputDigest: inputSHA256,
            verdict: verdict)
    }
}

/// What happened to a compliance check: recorded, or withdrawn.
public enum CheckEventType: String, Sendable, CaseIterable {
    case checked
    case withdrawn
}

/// One event of a compliance check, a row of `check_events`, in the ledger's one hash chain.
public struct CheckEventRecord: Equatable, Sendable {
    /// Position in the hash chain, shared with the orders' events.
    public var sequence: Int64 = 0
    public var checkID: Int64 = 0
    /// UTC, `yyyy-MM-ddTHH:mm:ssZ`.
    public var at = ""
    public var type: CheckEventType = .checked
    /// Why it was withdrawn.
    public var note: String?
    public var recordedBy = ""
    public var osUser: String?
    public var previousHash = ""
    public var hash = ""

    public init() {}

    /// Every column of `check_events`.
    static let columns: [LedgerColumn<CheckEventRecord>] = [
        .integer("sequence", \.sequence), .integer("check_id", \.checkID), .text("at", \.at), .choice("type", \.type),
        .optionalText("note", \.note), .text("recorded_by", \.recordedBy), .optionalText("os_user", \.osUser),
        .text("previous_hash", \.previousHash), .text("hash", \.hash),
    ]

    /// The hash this event must carry: over its other columns and the digest of its check.
    func expectedHash(checkDigest: String) -> String {
        let values = Self.columns.filter { $0.name != "hash" }.map { ($0.name, $0.value(self)) }
        return SHA256.hex(CanonicalForm.encode(named: values + [("check_digest", .text(checkDigest))]))
    }
}
