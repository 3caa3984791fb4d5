import Foundation
import Testing

@testable import OrderMail

/// Rule set 2 corrects rules that rule set 1 passed: a production order citing an older check is warned, not refused.
@Suite("check-updates rule sets")
struct RuleSetTests {
    static func check(ruleSetVersion: Int) -> ComplianceCheckSummary {
        ComplianceCheckSummary(
            checkedAt: Fixtures.pinnedEnvironment.now, ruleSet: "tidbokning-1.1", ruleSetVersion: ruleSetVersion,
            sourceSystem: "SE2321000016-84GX", sourceSystemForm: "national", files: 1, requests: 3, engagements: 40,
            errors: 0, warnings: 0, notes: 0, capturedFrom: nil, capturedUntil: nil, inputDigest: "00", verdict: .pass)
    }

    static func compose(citing ruleSetVersion: Int) throws -> WhitelistingComposition {
        let ledger = try LedgerTests.newLedger()
        _ = try ledger.record(.complianceCheck(Self.check(ruleSetVersion: ruleSetVersion), environment: nil),
                              events: [EventDraft(type: .checked, detail: "pass")], at: Fixtures.pinnedEnvironment.now)
        var request = OrderRequestTests.request("production")
        request.complianceConfirmed = true
        let composer = WhitelistingComposer(templatesDirectory: Fixtures.templatesDirectory, environment: Fixtures.pinnedEnvironment)
        return try composer.compose(request, addressing: Fixtures.addressing, ledger: ledger)
    }

    @Test func theCurrentRuleSetIsTwo() {
        #expect(CheckUpdates.ruleSetVersion == 2)
        #expect(ComplianceRule.listing.hasPrefix("ordermail rule set 2\n"))
    }

    @Test func anOrderCitingARuleSet1CheckIsWarnedAndNotRefused() throws {
        let old = try Self.compose(citing: 1)
        #expect(old.complianceCheck?.ruleSetVersion == 1)
        #expect(old.warnings.contains { $0.contains("ran under rule set 1") && $0.contains("run ordermail check-updates again") }, "\(old.warnings)")
        let current = try Self.compose(citing: 2)
        #expect(!current.warnings.contains { $0.contains("ran under rule set") })
    }
}
