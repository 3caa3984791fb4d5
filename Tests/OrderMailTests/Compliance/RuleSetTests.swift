import Foundation
import Testing

@testable import OrderMail

/// Rule set 2 corrects rules that rule set 1 passed: a production order citing an older check is warned, not refused.
@Suite("check-updates rule sets")
struct RuleSetTests {
    /// A passing check of the system as `check-updates` records it, under rule set `ruleSetVersion`.
    static func check(ruleSetVersion: Int) -> ComplianceCheckRecord {
        var check = ComplianceCheckRecord()
        check.checkedAt = DateFormats.timestamp(Fixtures.pinnedEnvironment.now)
        check.ruleSet = "tidbokning-1.1"
        check.ruleSetVersion = Int64(ruleSetVersion)
        check.sourceSystem = "SE2321000016-84GX"
        check.sourceSystemNormalized = "SE2321000016-84GX"
        check.sourceSystemForm = "national"
        (check.files, check.requests, check.engagements) = (1, 3, 40)
        check.inputSHA256 = "00"
        check.verdict = .pass
        return check
    }

    static func compose(citing ruleSetVersion: Int) throws -> WhitelistingComposition {
        let ledger = try LedgerTests.newLedger()
        _ = try ledger.recordCheck(Self.check(ruleSetVersion: ruleSetVersion))
        var request = OrderRequestTests.request("production")
        request.complianceConfirmed = true
        let composer = WhitelistingComposer(
            templatesDirectory: Fixtures.templatesDirectory, environment: Fixtures.pinnedEnvironment)
        return try composer.compose(request, addressing: Fixtures.addressing, ledger: ledger)
    }

    @Test func theCurrentRuleSetIsTwo() {
        #expect(CheckUpdates.ruleSetVersion == 2)
        #expect(ComplianceRule.listing.hasPrefix("ordermail rule set 2\n"))
    }

    @Test func anOrderCitingARuleSet1CheckIsWarnedAndNotRefused() throws {
        let old = try Self.compose(citing: 1)
        #expect(old.complianceCheck?.ruleSetVersion == 1)
        #expect(
            old.warnings.contains {
                $0.contains("ran under rule set 1") && $0.contains("run ordermail check-updates again")
            }, "\(old.warnings)")
        let current = try Self.compose(citing: 2)
        #expect(!current.warnings.contains { $0.contains("ran under rule set") })
    }
}
