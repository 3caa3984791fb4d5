import Foundation
import Testing

/// `ordermail units`: the ledger's activation and TAK orders and a capture's logicalAddress values,
/// side by side, every difference named; and `check-updates --units-from-ledger`.
@Suite("ordermail units")
struct UnitsCommandTests {
    static func unit(_ number: Int) -> String { "SE2321000016-U\(String(format: "%02d", number))" }

    /// A ledger where activation order 1 holds units 1–14 and support activated 1–12, bulk-TAK order 2
    /// routes 1–11 and 13, and a capture addresses 1–12 and 15.
    static func scenario() throws -> (ledger: String, capture: String) {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let list = try ActivateCommandTests.list(
            ["hsa_id", "name", "county"], (1...14).map { [unit($0), "Enhet \($0)", "01"] }, in: folder)
        let composed = try CommandRunner.ordermail(ActivateCommandTests.arguments(list, ledger: ledger))
        try #require(composed.status == 0, "\(composed.stderr)")
        try #require(
            try CommandRunner.ordermail(["mark", "1", "sent", "--note", "from Outlook", "--ledger", ledger]).status == 0
        )
        let except = folder + "/not-activated.csv"
        try "hsa_id\n\(unit(13))\n\(unit(14))\n".write(toFile: except, atomically: false, encoding: .utf8)
        let confirmed = try CommandRunner.ordermail([
            "mark", "1", "confirmed", "--case", "CS4711", "--effective", "2026-11-25", "--except", except, "--ledger",
            ledger,
        ])
        try #require(confirmed.stdoutText == "order 1: confirmed for 12 of 14 units\n", "\(confirmed.stderr)")
        let routed = try BulkTAKCommandTests.file(
            "hsa_id;name\n" + (Array(1...11) + [13]).map { "\(unit($0));Enhet \($0)\n" }.joined())
        let tak = try CommandRunner.ordermail([
            "bulk-tak", "--platform", "NTJP-QA", "--producer-hsa-id", "SE2321000016-F835", "--producer-name", "Tidbok",
            "--contract", "MakeBooking=https://tidbok.example.se/mb", "--contract",
            "CancelBooking=https://tidbok.example.se/cb",
            "--units", routed, "--output-dir", folder + "/orders", "--executor", "Region Stockholm", "--ledger", ledger,
        ])
        try #require(tak.status == 0, "\(tak.stderr)")
        let rows = (Array(1...12) + [15]).map { CheckUpdatesCommandTests.Row(booking: "B\($0)", unit: unit($0)) }
        let capture = try CheckUpdatesCommandTests.file(CheckUpdatesCommandTests.logLine(rows))
        return (ledger, capture)
    }

    @Test func namesEveryDifferenceWithItsNextStep() throws {
        let (ledger, capture) = try Self.scenario()
        let result = try CommandRunner.ordermail(["units", "--captures", capture, "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func block(_ number: Int) -> [String] {
            guard let start = lines.firstIndex(where: { $0.hasPrefix(Self.unit(number)) }) else { return [] }
            return Array(lines[start...].prefix { $0 == lines[start] || $0.hasPrefix("  missing: ") })
        }
        #expect(
            block(1) == [
                "SE2321000016-U01 Enhet 1  QA: activated (order 1, case CS4711, 2026-11-25)  production: -  TAK: order 2 NTJP-QA draft CancelBooking-v1,MakeBooking-v1  updates: addressed"
            ])
        #expect(
            block(12).dropFirst() == [
                "  missing: order in TAK: ordermail bulk-tak (e.g. --contract tidbokning/MakeBooking=URL)"
            ])
        // The answer's day is when it was recorded: today, in UTC.
        let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
        #expect(
            block(13).dropFirst() == [
                "  missing: activate in QA: order 1 (confirmed \(today), case CS4711) did not activate it; order it again",
                "  missing: no captured Update addresses it: check the booking system's logicalAddress for this unit",
            ])
        #expect(block(14).count == 4)
        #expect(
            block(14).contains(
                "  missing: order in TAK: ordermail bulk-tak (e.g. --contract tidbokning/MakeBooking=URL)"))
        #expect(
            block(15) == [
                "SE2321000016-U15  QA: -  production: -  TAK: -  updates: addressed",
                "  missing: only the booking system's updates name it: activate it and order it in TAK, or correct logicalAddress in the booking system",
            ])
        #expect((2...11).allSatisfy { block($0).count == 1 })
        #expect(
            lines.contains(
                "activate in qa: order 1 covers 12 of 15 units; missing SE2321000016-U13, SE2321000016-U14, SE2321000016-U15"
            ))
    }

    @Test func writesTheRegisterAsCSVForExcel() throws {
        let (ledger, capture) = try Self.scenario()
        let result = try CommandRunner.ordermail([
            "units", "--captures", capture, "--ledger", ledger, "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.starts(with: [0xEF, 0xBB, 0xBF]))
        let path = try CommandRunner.temporaryDirectory() + "/units.csv"
        try Data(result.stdout).write(to: URL(fileURLWithPath: path))
        let read = try CommandRunner.run(
            "/usr/bin/python3", ["\(CommandRunner.packageRoot)/Tests/Helpers/read_csv.py", path, ";"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout)) as? [[String]])
        #expect(rows.count == 16)
        #expect(rows.first?.prefix(3) == ["hsa_id", "name", "qa"])
        #expect(rows[1].prefix(6) == ["SE2321000016-U01", "Enhet 1", "activated", "1", "CS4711", "2026-11-25"])
        #expect(rows[13][2] == "not-activated")
        #expect(rows[15][13] == "addressed")
    }

    @Test func checkUpdatesReportsAddressesTheLedgerHasNotActivated() throws {
        let (ledger, capture) = try Self.scenario()
        let result = try CheckUpdatesCommandTests.check([
            capture, "--units-from-ledger", "qa", "--ledger", ledger, "--no-record",
        ])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(
            result.stdoutText.contains("logicalAddress is not in the units the ledger has activated in qa"),
            "\(result.stdoutText)")
        #expect(result.stdoutText.contains("SE2321000016-U15"))
        #expect(!result.stdoutText.contains("SE2321000016-U12 "))
    }
}

/// `units` without a capture: the `logicalAddress` values recorded with the newest compliance check.
@Suite("ordermail units from a recorded check")
struct UnitsFromRecordedCheckTests {
    /// The scenario's ledger with check-updates' check of its capture recorded in it (check 1).
    static func ledgerWithCheck() throws -> (ledger: String, capture: String) {
        let (ledger, capture) = try UnitsCommandTests.scenario()
        let checked = try CheckUpdatesCommandTests.check([capture, "--ledger", ledger])
        try #require(checked.status == 0, "\(checked.stdoutText)\(checked.stderr)")
        return (ledger, capture)
    }

    static func block(_ lines: [String], _ number: Int) -> [String] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix(UnitsCommandTests.unit(number)) }) else { return [] }
        return Array(lines[start...].prefix { $0 == lines[start] || $0.hasPrefix("  missing: ") })
    }

    @Test func usesTheLatestCheckAndSaysWhichWithoutACapture() throws {
        let (ledger, capture) = try Self.ledgerWithCheck()
        let result = try CommandRunner.ordermail(["units", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.first)
        #expect(
            first.hasPrefix("updates: from compliance check 1 of \(CheckUpdatesCommandTests.system), checked 20"),
            "\(first)")
        #expect(
            first.contains(", captured 2026-11-20T13:03:00Z to 2026-11-20T13:03:00Z, 13 logicalAddress values"),
            "\(first)")
        #expect(Self.block(lines, 1).first?.hasSuffix("  updates: addressed") == true)
        #expect(
            Self.block(lines, 13).contains(
                "  missing: no captured Update addresses it: check the booking system's logicalAddress for this unit"))
        #expect(
            Self.block(lines, 15) == [
                "SE2321000016-U15  QA: -  production: -  TAK: -  updates: addressed",
                "  missing: only the booking system's updates name it: activate it and order it in TAK, or correct logicalAddress in the booking system",
            ])
        // The same view as with the capture itself, but for the line that says where the list came from.
        let fromCapture = try CommandRunner.ordermail(["units", "--ledger", ledger, "--captures", capture])
        let captureLines = fromCapture.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        #expect(captureLines.first == "updates: from the captured requests given (--captures)")
        #expect(captureLines.count > 20)
        #expect(captureLines.dropFirst() == lines.dropFirst())
    }

    @Test func namesTheCheckInCSVAndJSON() throws {
        let (ledger, _) = try Self.ledgerWithCheck()
        let csv = try CommandRunner.ordermail(["units", "--ledger", ledger, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let path = try CommandRunner.temporaryDirectory() + "/units.csv"
        try Data(csv.stdout).write(to: URL(fileURLWithPath: path))
        let read = try CommandRunner.run(
            "/usr/bin/python3", ["\(CommandRunner.packageRoot)/Tests/Helpers/read_csv.py", path, ";"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout)) as? [[String]])
        #expect(rows.first?.last == "updates_source")
        #expect(rows[15][13] == "addressed")
        #expect(rows[13][13] == "not addressed")
        #expect(rows[1].last == "check 1")
        let json = try CommandRunner.ordermail(["units", "--ledger", ledger, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any])
        let source = try #require(document["updatesSource"] as? [String: Any])
        #expect(source["kind"] as? String == "check")
        #expect(source["check"] as? Int == 1)
        #expect(source["logicalAddresses"] as? Int == 13)
    }

    @Test func skipsAWithdrawnCheckAndSaysWhenNoneIsLeft() throws {
        let (ledger, _) = try Self.ledgerWithCheck()
        let withdrawn = try CommandRunner.ordermail([
            "checks", "withdraw", "1", "--note", "wrong capture", "--ledger", ledger,
        ])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        let result = try CommandRunner.ordermail(["units", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "updates: not known: no compliance check with logicalAddress values is recorded; run check-updates or pass --captures"
        )
        #expect(!lines.contains { $0.contains("updates: addressed") || $0.contains("updates: not addressed") })
        #expect(!lines.contains { $0.hasPrefix(UnitsCommandTests.unit(15)) })
    }

    @Test func choosesTheSystemsCheckWithSourceSystem() throws {
        let (ledger, _) = try Self.ledgerWithCheck()
        // A newer check of another booking system, addressing only unit 14.
        let other = "SE2321000016-F835"
        var row = CheckUpdatesCommandTests.Row(booking: "B99", unit: UnitsCommandTests.unit(14))
        row.sourceSystem = other
        let capture = try CheckUpdatesCommandTests.file(CheckUpdatesCommandTests.logLine([row]))
        let checked = try CheckUpdatesCommandTests.check([capture, "--ledger", ledger, "--source-system", other])
        try #require(checked.status == 0, "\(checked.stdoutText)\(checked.stderr)")
        let newest = try CommandRunner.ordermail(["units", "--ledger", ledger])
        let newestLines = newest.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            newestLines.first?.hasPrefix("updates: from compliance check 2 of \(other),") == true,
            "\(newest.stdoutText)")
        #expect(
            newestLines.first?.hasSuffix(
                "; other booking systems' checks not used: \(CheckUpdatesCommandTests.system) (--source-system chooses)"
            ) == true)
        #expect(Self.block(newestLines, 14).first?.hasSuffix("updates: addressed") == true)
        let chosen = try CommandRunner.ordermail([
            "units", "--ledger", ledger, "--source-system", CheckUpdatesCommandTests.system.lowercased(),
        ])
        let chosenLines = chosen.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            chosenLines.first?.hasPrefix("updates: from compliance check 1 of \(CheckUpdatesCommandTests.system),")
                == true, "\(chosen.stdoutText)")
        #expect(Self.block(chosenLines, 14).first?.hasSuffix("updates: not addressed") == true)
    }
}
