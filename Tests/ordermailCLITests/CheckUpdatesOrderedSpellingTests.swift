import Foundation
import Testing

/// `check-updates` beside the ledger's whitelisting order: the capture's `sourceSystem` is compared
/// with the spelling ordered, and a difference is an error that names both (the index keys records
/// by the exact string).
@Suite("ordermail check-updates: sourceSystem as ordered")
struct CheckUpdatesOrderedSpellingTests {
    static let ordered = "SE2321000016-84gx"
    static let sent = "SE2321000016-84GX"

    /// A ledger holding one whitelisting order in QA for the system, spelt `ordered`, recorded with the CLI.
    static func ledger(spelling: String = ordered) throws -> (ledger: String, home: String) {
        let home = try CommandRunner.temporaryDirectory()
        let ledger = home + "/ledger.sqlite3"
        let recorded = try CommandRunner.ordermail(
            [
                "record", "--environment", "qa", "--hsa-id", spelling, "--system-name", "Cosmic Tidbok", "--region",
                "Region Stockholm",
                "--contact-name", "Åsa Öberg", "--contact-email", "asa.oberg@regionstockholm.se", "--sent-at",
                "2026-11-03 09:41",
                "--ledger", ledger,
            ], home: home)
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let stored = try LedgerCommandTests.sqlite(ledger, "SELECT id, kind, hsa_id FROM orders").stdoutText
        try #require(stored == "1|whitelisting|\(spelling)\n", "\(stored)")
        return (ledger, home)
    }

    static func capture(spelling: String) throws -> String {
        var first = CheckUpdatesCommandTests.Row()
        first.sourceSystem = spelling
        var second = CheckUpdatesCommandTests.Row()
        second.sourceSystem = spelling
        second.booking = "BOOKING-4712"
        return try CheckUpdatesCommandTests.file(CheckUpdatesCommandTests.logLine([first, second]))
    }

    static func check(_ arguments: [String], home: String) throws -> ProcessResult {
        try CommandRunner.run(
            CommandRunner.binary, ["check-updates"] + arguments, environment: CommandRunner.environment(home: home))
    }

    @Test func aCaptureSpeltOtherwiseThanTheOrderFailsNamingBothSpellings() throws {
        let (ledger, home) = try Self.ledger()
        let capture = try Self.capture(spelling: Self.sent)
        let result = try Self.check(
            [capture, "--source-system", Self.sent, "--environment", "qa", "--ledger", ledger], home: home)
        #expect(result.status == 65, "\(result.stdoutText)\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "sourceSystem as ordered: SE2321000016-84gx (whitelisting order 1, qa): the capture spells it SE2321000016-84GX (2): they differ"
            ),
            "\(result.stdoutText)")
        #expect(
            lines.contains("error tkb.source-system-spelling (2): \(ComplianceRuleText.spelling)"),
            "\(result.stdoutText)")
        #expect(
            lines.contains(
                "  \(capture):1: sourceSystem is spelt SE2321000016-84GX in 2 engagements (the first here), whitelisting order 1 (qa) spelt it SE2321000016-84gx: the index keys records by the exact string, so the system sends as another system than the one whitelisted (sourceSystem: \"SE2321000016-84GX\")"
            ),
            "\(result.stdoutText)")
        // The failing check is recorded: it stops a production order until a later check passes.
        let checks = try LedgerCommandTests.sqlite(ledger, "SELECT verdict, errors FROM compliance_checks").stdoutText
        #expect(checks == "fail|2\n", "\(checks)")
    }

    @Test func theJSONReportCarriesTheOrderedSpellingBesideTheCapturedOnes() throws {
        let (ledger, home) = try Self.ledger()
        let capture = try Self.capture(spelling: Self.sent)
        let result = try Self.check(
            [capture, "--environment", "qa", "--ledger", ledger, "--format", "json", "--no-record"], home: home)
        #expect(result.status == 65, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let ordered = try #require(report["orderedSourceSystem"] as? [String: Any], "\(result.stdoutText)")
        #expect(ordered["order"] as? Int == 1)
        #expect(ordered["environment"] as? String == "qa")
        #expect(ordered["ordered"] as? String == Self.ordered)
        #expect(ordered["matches"] as? Bool == false)
        let captured = try #require(ordered["captured"] as? [[String: Any]])
        #expect(captured.count == 1)
        #expect(captured.first?["value"] as? String == Self.sent)
        #expect(captured.first?["count"] as? Int == 2)
        let rules = try #require(report["rules"] as? [[String: Any]])
        #expect(rules.first { $0["rule"] as? String == "tkb.source-system-spelling" }?["count"] as? Int == 2)
    }

    @Test func aCaptureSpeltAsOrderedPassesAndSaysSo() throws {
        let (ledger, home) = try Self.ledger()
        let capture = try Self.capture(spelling: Self.ordered)
        let result = try Self.check(
            [capture, "--source-system", Self.ordered, "--environment", "qa", "--ledger", ledger], home: home)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(
            result.stdoutText.split(separator: "\n").contains(
                "sourceSystem as ordered: SE2321000016-84gx (whitelisting order 1, qa): the capture spells it the same"),
            "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("tkb.source-system-spelling"))
        let json = try Self.check(
            [capture, "--environment", "qa", "--ledger", ledger, "--format", "json", "--no-record"], home: home)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any])
        #expect((report["orderedSourceSystem"] as? [String: Any])?["matches"] as? Bool == true)
    }

    @Test func anOrderInAnotherEnvironmentIsNotComparedWhenOneIsGiven() throws {
        let (ledger, home) = try Self.ledger()
        let capture = try Self.capture(spelling: Self.sent)
        let result = try Self.check(
            [capture, "--environment", "production", "--ledger", ledger, "--no-record"], home: home)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(!result.stdoutText.contains("sourceSystem as ordered"))
        // Without --environment, the newest order in any environment is the one compared.
        let any = try Self.check([capture, "--ledger", ledger, "--no-record"], home: home)
        #expect(any.status == 65, "\(any.stdoutText)\(any.stderr)")
        #expect(
            any.stdoutText.contains(
                "sourceSystem as ordered: SE2321000016-84gx (whitelisting order 1, qa): the capture spells it SE2321000016-84GX (2): they differ"
            ))
    }

    @Test func withoutALedgerNothingIsCompared() throws {
        let home = try CommandRunner.temporaryDirectory()
        let capture = try Self.capture(spelling: Self.sent)
        let result = try Self.check([capture, "--no-record"], home: home)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(!result.stdoutText.contains("as ordered"))
    }
}

/// The spelling rule's explanation as `--list-rules` gives it.
private enum ComplianceRuleText {
    static let spelling =
        "sourceSystem is spelt exactly as ordered (--source-system): the index's record key is a SHA-256 of the exact strings, so a case-only difference is another system"
}
