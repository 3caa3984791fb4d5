import Foundation
import OrderMailCompliance
import OrderMailCore

extension RecordedComplianceCheck {
    /// The check as the ledger recorded it.
    public init(_ check: ComplianceCheckRecord) {
        self.init(
            id: check.id, checkedAt: check.checkedAt, recordedBy: check.recordedBy, ruleSet: check.ruleSet,
            ruleSetVersion: check.ruleSetVersion, environment: check.environment, sourceSystem: check.sourceSystem,
            indexAddress: check.indexAddress, logicalAddresses: check.logicalAddresses, inputSHA256: check.inputSHA256,
            verdict: check.verdict)
    }
}

/// Records a `check-updates` run in the ledger as a compliance check, the evidence a production
/// order cites (or is stopped by), and withdraws one run on the wrong capture.
public enum RecordComplianceCheck {
    /// Records `outcome` (for `environment`, when given; `indexAddress` the index id the check
    /// expected in the header) and returns the check as recorded.
    public static func record(
        _ outcome: CheckUpdates.Outcome, environment: Environment?,
        indexAddress: String = CheckUpdates.nationalIndexAddress,
        in ledger: Ledger
    ) throws(OrderMailError) -> ComplianceCheckRecord {
        try ledger.recordCheck(ComplianceCheckRecord(outcome, environment: environment, indexAddress: indexAddress))
    }

    /// `check-updates` as a whole: runs the check, comparing the capture's `sourceSystem` with the
    /// whitelisting order `reading` holds, then, when `recordingIn` is given, records it in the ledger
    /// that gives (opened or created only once the check has run), which the report then names.
    /// Returns the outcome and the check as recorded.
    public static func check(
        _ options: CheckUpdates.Options, environment: Environment?, reading: Ledger?,
        recordingIn: (() throws(OrderMailError) -> Ledger)?
    ) throws(OrderMailError) -> (outcome: CheckUpdates.Outcome, recorded: ComplianceCheckRecord?) {
        var outcome = try CheckUpdates.run(options, ledger: reading, environment: environment)
        guard let recordingIn else { return (outcome, nil) }
        let check = try record(
            outcome, environment: environment, indexAddress: options.indexAddress, in: try recordingIn())
        outcome.report.recorded = RecordedComplianceCheck(check)
        return (outcome, check)
    }

    /// The one line `check-updates` writes on stderr about what it recorded.
    public static func note(_ check: ComplianceCheckRecord) -> String {
        let environment = check.environment.map { " in \($0)" } ?? ""
        let effect =
            check.verdict == .pass
            ? "a production order for \(check.sourceSystem) cites it"
            : "it stops a production order for \(check.sourceSystem) until a later check passes or it is withdrawn (ordermail checks withdraw \(check.id) --note WHY)"
        return
            "recorded compliance check \(check.id): \(check.verdict.rawValue), \(check.sourceSystem)\(environment), \(check.ruleSet) v\(check.ruleSetVersion), inputs sha256 \(check.inputSHA256.prefix(12)); \(effect)"
    }

    /// Withdraws check `id`, which then no longer counts; `note` says why (required).
    public static func withdraw(_ id: Int64, note: String, in ledger: Ledger, at date: Date = Date())
        throws(OrderMailError) -> ComplianceCheckRecord
    {
        let reason: OrderText
        do { reason = try OrderText(note, field: "note", maximumLength: 500) } catch {
            throw .invalidField(error, source: .commandLine)
        }
        return try ledger.withdrawCheck(id: id, note: reason.value, at: date)
    }
}
