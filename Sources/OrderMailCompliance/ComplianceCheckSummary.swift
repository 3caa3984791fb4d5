import Foundation
import OrderMailCore

/// What the ledger keeps of one `check-updates` run: enough to cite it as evidence in a
/// production order, and no personal data (no identity number, booking id, unit or time of a
/// booking; only the system checked, counts, the capture's time span and digests).
public struct ComplianceCheckSummary: Codable, Equatable, Sendable {
    /// Whether any error was found.
    public enum Verdict: String, Codable, Sendable {
        case pass, fail
    }

    /// When the check ran.
    public var checkedAt: Date
    /// The rule set, e.g. `tidbokning-1.1` (`--tkb`).
    public var ruleSet: String
    /// The version of ordermail's rules within the set (``CheckUpdates/ruleSetVersion``); it changes when a rule does.
    public var ruleSetVersion: Int
    /// The `sourceSystem` checked, as given with `--source-system` or as the capture spelt its only value.
    public var sourceSystem: String
    /// How the `sourceSystem` was accepted: `national`, `test-catalogue` or `nonstandard` (`--allow-nonstandard-hsa-id`).
    public var sourceSystemForm: String
    public var files: Int
    /// `Update` requests found (of every system).
    public var requests: Int
    /// Engagements of the system checked.
    public var engagements: Int
    public var errors: Int
    public var warnings: Int
    public var notes: Int
    /// The earliest and latest moment of capture of a request checked, where known.
    public var capturedFrom: Date?
    public var capturedUntil: Date?
    /// SHA-256 (hex) over the inputs' digests in the order read; see ``CheckUpdates`` for how each input's digest is made.
    public var inputDigest: String
    public var verdict: Verdict
    /// Bytes read from each input (decompressed), in the order of the inputs; nil in checks recorded before rule set 2.
    public var bytesRead: [Int]?

    public init(
        checkedAt: Date, ruleSet: String, ruleSetVersion: Int, sourceSystem: String, sourceSystemForm: String,
        files: Int,
        requests: Int, engagements: Int, errors: Int, warnings: Int, notes: Int, capturedFrom: Date?,
        capturedUntil: Date?,
        inputDigest: String, verdict: Verdict, bytesRead: [Int]? = nil
    ) {
        self.checkedAt = checkedAt
        self.ruleSet = ruleSet
        self.ruleSetVersion = ruleSetVersion
        self.sourceSystem = sourceSystem
        self.sourceSystemForm = sourceSystemForm
        self.files = files
        self.requests = requests
        self.engagements = engagements
        self.errors = errors
        self.warnings = warnings
        self.notes = notes
        self.capturedFrom = capturedFrom
        self.capturedUntil = capturedUntil
        self.inputDigest = inputDigest
        self.verdict = verdict
        self.bytesRead = bytesRead
    }
}
