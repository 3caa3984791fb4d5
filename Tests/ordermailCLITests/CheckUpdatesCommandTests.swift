import Foundation
import Testing

/// `ordermail check-updates` run as a user runs it.
@Suite("ordermail check-updates")
struct CheckUpdatesCommandTests {
    static let system = "SE2321000016-84GX"

    /// One engagement's values; `nil` leaves the element out.
    struct Row {
        var booking = "BOOKING-4711"
        var person = "191212121212"
        var delete = false
        var unit = "SE2321000016-A65H"
        var start: String? = "20261201100000"
        var sourceSystem = CheckUpdatesCommandTests.system
        var categorization = "NA"
    }

    /// A log line with a SOAP Update on it, captured at `time` (Swedish time).
    static func logLine(_ rows: [Row], time: String = "2026-11-20 14:03:00,000") -> String {
        let transactions = rows.map { row in
            "<u:engagementTransaction><c:deleteFlag>\(row.delete)</c:deleteFlag><c:engagement>"
                + "<c:registeredResidentIdentification>\(row.person)</c:registeredResidentIdentification>"
                + "<c:serviceDomain>riv:crm:scheduling</c:serviceDomain><c:categorization>\(row.categorization)</c:categorization>"
                + "<c:logicalAddress>\(row.unit)</c:logicalAddress>"
                + "<c:businessObjectInstanceIdentifier>\(row.booking)</c:businessObjectInstanceIdentifier>"
                + "<c:clinicalProcessInterestId>NA</c:clinicalProcessInterestId>"
                + (row.start.map { "<c:mostRecentContent>\($0)</c:mostRecentContent>" } ?? "")
                + "<c:sourceSystem>\(row.sourceSystem)</c:sourceSystem><c:dataController>2321000016</c:dataController>"
                + "</c:engagement></u:engagementTransaction>"
        }.joined()
        return
            "\(time) DEBUG [exec-1] EIClient - Update: <s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:u=\"urn:riv:itintegration:engagementindex:UpdateResponder:1\" xmlns:c=\"urn:riv:itintegration:engagementindex:1\">"
            + "<s:Header><r:LogicalAddress xmlns:r=\"urn:riv:itintegration:registry:1\">5565594230</r:LogicalAddress></s:Header>"
            + "<s:Body><u:Update>\(transactions)</u:Update></s:Body></s:Envelope>\n"
    }

    static func file(_ text: String, name: String = "capture.log") throws -> String {
        let path = try CommandRunner.temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// `check-updates ARGUMENTS`, recording nothing unless a `--ledger` is given (the evidence
    /// suite below tests the recording).
    static func check(_ arguments: [String], input: [UInt8] = []) throws -> ProcessResult {
        let home = try CommandRunner.temporaryDirectory()
        let record = arguments.contains("--ledger") ? [] : ["--no-record"]
        return try CommandRunner.run(
            CommandRunner.binary, ["check-updates"] + arguments + record,
            environment: CommandRunner.environment(home: home), input: input)
    }

    @Test func passesAValidCaptureWithExit0() throws {
        let result = try Self.check([try Self.file(Self.logLine([Row()]))])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(
            result.stdoutText.contains(
                "verdict: PASS: no errors against the rules that can be checked from the requests"))
        #expect(result.stdoutText.contains("captured: 2026-11-20 14:03:00 to 2026-11-20 14:03:00"))
        #expect(result.stderr.isEmpty)
    }

    @Test func exits65OnAnErrorAndShowsTheFirstTenWithTheCount() throws {
        let rows = (1...25).map { Row(booking: "BOOKING-\($0)", categorization: "Booking") }
        let result = try Self.check([try Self.file(Self.logLine(rows))])
        #expect(result.status == 65)
        let text = result.stdoutText
        #expect(text.contains("error tkb.categorization (25): categorization is NA (since TKB 1.1.2)"))
        #expect(text.components(separatedBy: "categorization must be NA").count - 1 == 10)
        #expect(text.contains("  and 15 more\n"))
        #expect(text.contains("verdict: FAIL: 25 errors against the rules that can be checked from the requests"))
    }

    @Test func warningsAloneExit0() throws {
        let result = try Self.check([try Self.file(Self.logLine([Row(start: "20261101100000")]))])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("warning tkb.past-booking (1)"))
    }

    @Test func severalSystemsWithoutSourceSystemExit64NamingThemWithCounts() throws {
        let path = try Self.file(
            Self.logLine([Row(), Row(booking: "B-2")]) + Self.logLine([Row(sourceSystem: "SE2321000016-F835")]))
        let result = try Self.check([path])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "ordermail: --source-system: must name the system to check: the capture holds 2 sourceSystem values: SE2321000016-84GX (2), SE2321000016-F835 (1)\n"
        )
        let chosen = try Self.check([path, "--source-system", "SE2321000016-84GX"])
        #expect(chosen.status == 0, "\(chosen.stdoutText)")
        #expect(chosen.stdoutText.contains("info input.other-source-system (1)"))
        #expect(chosen.stdoutText.contains("engagements checked: 2 of SE2321000016-84GX"))
        // The index keys records by the exact string: the order's spelling in another case is another system.
        let otherCase = try Self.check([path, "--source-system", "SE2321000016-84gx"])
        #expect(otherCase.status == 65)
        #expect(otherCase.stdoutText.contains("error tkb.source-system-spelling (2)"), "\(otherCase.stdoutText)")
    }

    @Test func noEngagementOfTheSystemExit65() throws {
        let result = try Self.check([try Self.file(Self.logLine([Row()])), "--source-system", "SE2321000016-F835"])
        #expect(result.status == 65)
        #expect(result.stdoutText.contains("error input.no-engagement (1)"))
    }

    @Test func listsEveryRuleWithSeverityAndSource() throws {
        let result = try Self.check(["--list-rules"])
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n").dropFirst()
        #expect(result.stdoutText.hasPrefix("ordermail rule set 2\n"))
        #expect(lines.count == 44)
        #expect(lines.allSatisfy { $0.contains(" [error] ") || $0.contains(" [warning] ") || $0.contains(" [info] ") })
        #expect(lines.allSatisfy { $0.contains(". Source: ") })
        #expect(result.stdoutText.contains("tkb.service-domain [error] "))
    }

    @Test func jsonIsOneDocumentWithTheSummary() throws {
        let result = try Self.check([try Self.file(Self.logLine([Row(categorization: "Booking")])), "--format", "json"])
        #expect(result.status == 65)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["verdict"] as? String == "fail")
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["ruleSet"] as? String == "tidbokning-1.1")
        #expect((summary["inputDigest"] as? String)?.count == 64)
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.map { $0["rule"] as? String } == ["tkb.categorization"])
    }

    @Test func timelineFollowsOneBookingInCaptureOrder() throws {
        let text =
            Self.logLine([Row()], time: "2026-11-20 14:03:00,000")
            + Self.logLine([Row(start: "20261202100000")], time: "2026-11-20 14:05:00,000")
            + Self.logLine([Row(booking: "OTHER")], time: "2026-11-20 14:06:00,000")
            + Self.logLine([Row(delete: true, start: nil)], time: "2026-11-20 14:07:00,000")
        let result = try Self.check([try Self.file(text), "--timeline", "BOOKING-4711"])
        #expect(result.status == 0, "\(result.stdoutText)")
        let lines = result.stdoutText.split(separator: "\n").filter { $0.hasPrefix("  2026-") }
        #expect(lines.count == 3)
        #expect(
            lines.first?.contains("14:03:00") == true
                && lines.first?.contains("update mostRecentContent 20261201100000") == true)
        #expect(lines.dropFirst().first?.contains("update mostRecentContent 20261202100000") == true)
        #expect(lines.last?.contains("14:07:00") == true && lines.last?.contains(" delete") == true)
    }

    @Test func shareLeavesOutBookingIDsAndTimes() throws {
        let path = try Self.file(Self.logLine([Row(booking: "BOOKING-SECRET", start: "20261101100000")]))
        let plain = try Self.check([path])
        #expect(plain.stdoutText.contains("BOOKING-SECRET") && plain.stdoutText.contains("20261101100000"))
        let shared = try Self.check([path, "--share"])
        #expect(shared.status == 0)
        #expect(!shared.stdoutText.contains("BOOKING-SECRET"))
        #expect(!shared.stdoutText.contains("20261101100000"))
        #expect(!shared.stdoutText.contains("14:03"))
        let json = try Self.check([path, "--share", "--format", "json"])
        #expect(!json.stdoutText.contains("BOOKING-SECRET") && !json.stdoutText.contains("20261101100000"))
        #expect(try Self.check([path, "--share", "--timeline", "BOOKING-SECRET"]).status == 64)
    }

    @Test func readsStandardInputFoldersAndGzip() throws {
        let folder = try CommandRunner.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/a/b", withIntermediateDirectories: true)
        try Self.logLine([Row(booking: "B-1")]).write(toFile: folder + "/a/one.log", atomically: false, encoding: .utf8)
        try Self.logLine([Row(booking: "B-2")]).write(
            toFile: folder + "/a/b/two.log", atomically: false, encoding: .utf8)
        let gzip = try CommandRunner.run("/bin/gzip", [folder + "/a/b/two.log"])
        #expect(gzip.status == 0)
        let result = try Self.check([folder, "-"], input: Array(Self.logLine([Row(booking: "B-3")]).utf8))
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(result.stdoutText.contains("files: 3 read"))
        #expect(result.stdoutText.contains("requests: 3, responses: 0, engagements checked: 3"))
    }

    @Test func readsTheEntriesOfAZipArchiveStoredAndDeflated() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as archive:
                archive.writestr("logs/", "")
                archive.write(sys.argv[2], "logs/one.log", compress_type=zipfile.ZIP_DEFLATED)
                archive.write(sys.argv[3], "two.log", compress_type=zipfile.ZIP_STORED)
            """
        try String(repeating: Self.logLine([Row(booking: "B-1")]), count: 3000).write(
            toFile: folder + "/one", atomically: false, encoding: .utf8)
        try Self.logLine([Row(booking: "B-2")], time: "2026-11-20 14:04:00,000").write(
            toFile: folder + "/two", atomically: false, encoding: .utf8)
        let made = try CommandRunner.run(
            "/usr/bin/python3", ["-c", script, folder + "/capture.zip", folder + "/one", folder + "/two"])
        #expect(made.status == 0, "\(made.stderr)")
        let result = try Self.check([folder + "/capture.zip"])
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(result.stdoutText.contains("files: 2 read"))
        #expect(result.stdoutText.contains("requests: 3001, responses: 0, engagements checked: 3001"))
        #expect(result.stdoutText.contains("info booking.unchanged-resend (2999)"))
        let json = try Self.check([folder + "/capture.zip", "--format", "json"])
        #expect(json.stdoutText.contains("\"file\" : \"\(folder)/capture.zip:logs/one.log\""))
    }

    @Test func aFileWithoutRequestsIsANoteAndTheRestIsChecked() throws {
        let folder = try CommandRunner.temporaryDirectory()
        try "nothing\n".write(toFile: folder + "/empty.log", atomically: false, encoding: .utf8)
        try Self.logLine([Row()]).write(toFile: folder + "/capture.log", atomically: false, encoding: .utf8)
        let result = try Self.check([folder])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("info input.no-request (1)"))
        #expect(result.stdoutText.contains("files: 2 read (1 without any request)"))
    }

    @Test func aMissingInputExits66() throws {
        let result = try Self.check(["/nonexistent/capture.log"])
        #expect(result.status == 66)
        #expect(result.stderr == "ordermail: /nonexistent/capture.log: no such file or folder\n")
    }
}

/// The evidence in the ledger, and production orders that cite it or are stopped by it.
@Suite("check-updates evidence in production orders")
struct ComplianceEvidenceTests {
    static func production(_ ledger: String, extra: [String] = []) throws -> ProcessResult {
        try CommandRunner.ordermail(
            ComposeCommandTests.arguments(
                ["--environment": "production"], extra: ["--confirm-compliance", "--ledger", ledger] + extra))
    }

    /// A capture that passes, and one that fails (categorization Booking is an error).
    static func good() throws -> String {
        try CheckUpdatesCommandTests.file(CheckUpdatesCommandTests.logLine([CheckUpdatesCommandTests.Row()]))
    }

    static func bad() throws -> String {
        try CheckUpdatesCommandTests.file(
            CheckUpdatesCommandTests.logLine([CheckUpdatesCommandTests.Row(categorization: "Booking")]))
    }

    @Test func aPassingCheckIsCitedAFailingOneStopsTheOrderAndNoneWarns() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        let none = try Self.production(ledger)
        #expect(none.status == 0)
        #expect(none.stderr.contains("no compliance check of SE2321000016-84GX"))

        let passed = try CommandRunner.ordermail([
            "check-updates", try Self.good(), "--environment", "production", "--ledger", ledger,
        ])
        #expect(passed.status == 0, "\(passed.stdoutText)\(passed.stderr)")
        #expect(
            passed.stdoutText.hasSuffix(
                "verdict: PASS: no errors against the rules that can be checked from the requests\n"),
            "\(passed.stdoutText)")
        #expect(
            passed.stderr.hasPrefix(
                "ordermail: recorded compliance check 1: pass, SE2321000016-84GX in production, tidbokning-1.1 v2"),
            "\(passed.stderr)")
        let listed = try CommandRunner.ordermail(["checks", "list", "--format", "json", "--ledger", ledger]).stdoutText
        #expect(listed.contains("\"id\":1,") && listed.contains("\"verdict\":\"pass\""), "\(listed)")
        #expect(
            listed.contains("\"logicalAddresses\":\"SE2321000016-A65H\"")
                && listed.contains("\"indexAddress\":\"5565594230\""), "\(listed)")
        let register = try CommandRunner.ordermail(["list", "--format", "csv", "--ledger", ledger]).stdoutText
        #expect(!register.contains("tidbokning"), "a check is not an order: \(register)")
        let cited = try Self.production(ledger)
        #expect(cited.status == 0, "\(cited.stderr)")
        let body = try MessageInspection.inspect(cited.stdout).body
        #expect(body.contains("inga fel mot de regler som kan kontrolleras från anropen"), "\(body)")
        #expect(body.contains("1 anrop med 1 engagemang"))

        let failed = try CommandRunner.ordermail(["check-updates", try Self.bad(), "--ledger", ledger])
        #expect(failed.status == 65)
        #expect(
            failed.stderr.contains("recorded compliance check 2: fail")
                && failed.stderr.contains("ordermail checks withdraw 2 --note"), "\(failed.stderr)")
        let stopped = try Self.production(ledger, extra: ["--dry-run"])
        #expect(stopped.status == 65)
        #expect(
            stopped.stderr.contains("compliance check 2")
                && stopped.stderr.contains("or pass --despite-failed-check 2"), "\(stopped.stderr)")
        #expect(stopped.stdout.isEmpty)
        let wrongID = try Self.production(ledger, extra: ["--dry-run", "--despite-failed-check", "1"])
        #expect(wrongID.status == 64, "\(wrongID.stderr)")
        #expect(
            wrongID.stderr.hasPrefix("ordermail: --despite-failed-check: 1 is not the latest compliance check"),
            "\(wrongID.stderr)")
        let removed = try Self.production(ledger, extra: ["--force"])
        #expect(
            removed.status == 64 && removed.stderr.contains("--overwrite")
                && removed.stderr.contains("--despite-failed-check"), "\(removed.stderr)")
        let despite = try Self.production(ledger, extra: ["--despite-failed-check", "2"])
        #expect(
            despite.status == 0
                && despite.stderr.contains("ordering anyway (--despite-failed-check 2, recorded with the order)"),
            "\(despite.stderr)")
        let recorded = try LedgerCommandTests.sqlite(ledger, "SELECT id, overridden_check FROM orders ORDER BY id")
            .stdoutText
        #expect(recorded == "1|\n2|\n3|2\n", "\(recorded)")
        let shown = try CommandRunner.ordermail(["show", "3", "--ledger", ledger]).stdoutText
        #expect(
            shown.split(separator: "\n").contains { $0.hasPrefix("despite failed check:") && $0.hasSuffix(" 2") },
            "\(shown)")
        let unrecorded = try CommandRunner.ordermail([
            "check-updates", try Self.good(), "--no-record", "--ledger", ledger,
        ])
        #expect(unrecorded.status == 0 && !unrecorded.stderr.contains("recorded"))
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    /// A withdrawn failing check stops nothing: the guard falls back to the check before it.
    @Test func withdrawingAFailingCheckLetsTheEarlierPassingOneCount() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try CommandRunner.ordermail(["check-updates", try Self.good(), "--ledger", ledger]).status == 0)
        #expect(try CommandRunner.ordermail(["check-updates", try Self.bad(), "--ledger", ledger]).status == 65)
        #expect(try Self.production(ledger, extra: ["--dry-run"]).status == 65)
        let head = try LedgerCommandTests.head(ledger)
        let withdrawn = try CommandRunner.ordermail([
            "checks", "withdraw", "2", "--note", "run on the vendor's test capture", "--ledger", ledger,
        ])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        let cited = try Self.production(ledger, extra: ["--dry-run"])
        #expect(cited.status == 0, "\(cited.stderr)")
        #expect(try MessageInspection.inspect(cited.stdout).body.contains("1 anrop med 1 engagemang"))
        let shown = try CommandRunner.ordermail(["checks", "show", "2", "--ledger", ledger]).stdoutText
        #expect(
            shown.contains("state:") && shown.contains("run on the vendor's test capture")
                && shown.contains("withdrawn at"), "\(shown)")
        let again = try CommandRunner.ordermail(["checks", "withdraw", "2", "--note", "twice", "--ledger", ledger])
        #expect(again.status == 65 && again.stderr.contains("was withdrawn already"), "\(again.stderr)")
        #expect(try LedgerCommandTests.verify(ledger, ["--expect-head", head]).status == 0)
    }

    /// A withdrawn passing check is no evidence: the guard uses the failing one before it.
    @Test func withdrawingAPassingCheckLetsTheEarlierFailingOneStopTheOrder() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try CommandRunner.ordermail(["check-updates", try Self.bad(), "--ledger", ledger]).status == 65)
        #expect(try CommandRunner.ordermail(["check-updates", try Self.good(), "--ledger", ledger]).status == 0)
        #expect(try Self.production(ledger, extra: ["--dry-run"]).status == 0)
        #expect(
            try CommandRunner.ordermail([
                "checks", "withdraw", "2", "--note", "an experiment on the shared host", "--ledger", ledger,
            ]).status == 0)
        let stopped = try Self.production(ledger, extra: ["--dry-run"])
        #expect(stopped.status == 65 && stopped.stderr.contains("compliance check 1"), "\(stopped.stderr)")
        #expect(
            try CommandRunner.ordermail(["checks", "withdraw", "1", "--note", "also wrong", "--ledger", ledger]).status
                == 0)
        let unchecked = try Self.production(ledger, extra: ["--dry-run"])
        #expect(
            unchecked.status == 0 && unchecked.stderr.contains("no compliance check of SE2321000016-84GX"),
            "\(unchecked.stderr)")
        let table = try CommandRunner.ordermail(["checks", "list", "--ledger", ledger]).stdoutText
        #expect(table.split(separator: "\n").filter { $0.hasSuffix("withdrawn") }.count == 2, "\(table)")
    }

    @Test func theJSONReportSaysWhatWasRecorded() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try CommandRunner.ordermail([
            "check-updates", try Self.good(), "--format", "json", "--environment", "qa", "--ledger", ledger,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let recorded = try #require(document["recorded"] as? [String: Any])
        #expect(recorded["id"] as? Int == 1)
        #expect(recorded["environment"] as? String == "qa")
        #expect(recorded["verdict"] as? String == "pass")
        #expect(recorded["logicalAddresses"] as? [String] == ["SE2321000016-A65H"])
        let unrecorded = try CommandRunner.ordermail([
            "check-updates", try Self.good(), "--format", "json", "--no-record", "--ledger", ledger,
        ])
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(unrecorded.stdout)) as? [String: Any])
        #expect(plain["recorded"] == nil)
    }

    /// The ledger 23fa994 wrote with checks as orders, through the commands.
    @Test func checksKeptAsOrdersAreListedAsChecksNotOrders() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/checks.sqlite3"
        let fixtures = CommandRunner.packageRoot + "/Tests/OrderMailTests/LedgerFixtures"
        try FileManager.default.copyItem(atPath: fixtures + "/schema5-checks.sqlite3", toPath: ledger)
        #expect(chmod(ledger, 0o600) == 0)
        let head = try String(contentsOfFile: fixtures + "/schema5-checks.head", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(try LedgerCommandTests.verify(ledger, ["--expect-head", head]).status == 0)
        let table = try CommandRunner.ordermail(["list", "--ledger", ledger]).stdoutText
        #expect(
            table.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first ?? "" } == ["5", "1"],
            "\(table)")
        let csv = try CommandRunner.ordermail(["list", "--all", "--format", "csv", "--ledger", ledger]).stdoutText
        #expect(!csv.contains("compliance") && !csv.contains("tidbokning"), "\(csv)")
        let checks = try CommandRunner.ordermail(["checks", "list", "--ledger", ledger]).stdoutText
        #expect(
            checks.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first ?? "" } == ["4", "3", "2"],
            "\(checks)")
        #expect(try CommandRunner.ordermail(["list", "--kind", "compliance-check", "--ledger", ledger]).status == 64)
        #expect(
            try CommandRunner.ordermail(["checks", "withdraw", "3", "--note", "wrong capture", "--ledger", ledger])
                .status == 0)
        #expect(try CommandRunner.ordermail(["check-updates", try Self.good(), "--ledger", ledger]).status == 0)
        #expect(try LedgerCommandTests.verify(ledger, ["--expect-head", head]).status == 0)
    }
}
