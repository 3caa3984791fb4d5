import OrderMailCore

/// What `check-updates` recorded, as its `--format json` document's `recorded` member says it.
public struct RecordedComplianceCheck: Codable, Equatable, Sendable {
    /// The id `checks show` and `checks withdraw` take.
    public var id: Int64
    public var checkedAt: String
    public var recordedBy: String
    public var ruleSet: String
    public var ruleSetVersion: Int64
    public var environment: String?
    public var sourceSystem: String
    public var indexAddress: String?
    public var logicalAddresses: [String]
    public var inputSHA256: String
    public var verdict: ComplianceCheckSummary.Verdict

    public init(
        id: Int64, checkedAt: String, recordedBy: String, ruleSet: String, ruleSetVersion: Int64, environment: String?,
        sourceSystem: String, indexAddress: String?, logicalAddresses: [String], inputSHA256: String,
        verdict: ComplianceCheckSummary.Verdict
    ) {
        self.id = id
        self.checkedAt = checkedAt
        self.recordedBy = recordedBy
        self.ruleSet = ruleSet
        self.ruleSetVersion = ruleSetVersion
        self.environment = environment
        self.sourceSystem = sourceSystem
        self.indexAddress = indexAddress
        self.logicalAddresses = logicalAddresses
        self.inputSHA256 = inputSHA256
        self.verdict = verdict
    }
}
