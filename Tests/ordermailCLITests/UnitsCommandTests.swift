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
        try #require(try CommandRunner.ordermail(["mark", "1", "sent", "--note", "from Outlook", "--ledger", ledger]).status == 0)
        let except = folder + "/not-activated.csv"
        try "hsa_id\n\(unit(13))\n\(unit(14))\n".write(toFile: except, atomically: false, encoding: .utf8)
        let confirmed = try CommandRunner.ordermail(["mark", "1", "confirmed", "--case", "CS4711", "--effective", "2026-11-25", "--except", except, "--ledger", ledger])
        try #require(confirmed.stdoutText == "order 1: confirmed for 12 of 14 units\n", "\(confirmed.stderr)")
        let routed = try BulkTAKCommandTests.file("hsa_id;name\n" + (Array(1...11) + [13]).map { "\(unit($0));Enhet \($0)\n" }.joined())
        let tak = try CommandRunner.ordermail([
            "bulk-tak", "--platform", "NTJP-QA", "--producer-hsa-id", "SE2321000016-F835", "--producer-name", "Tidbok",
            "--contract", "MakeBooking=https://tidbok.example.se/mb", "--contract", "CancelBooking=https://tidbok.example.se/cb",
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
        #expect(block(1) == [
            "SE2321000016-U01 Enhet 1  QA: activated (order 1, case CS4711, 2026-11-25)  production: -  TAK: order 2 NTJP-QA draft CancelBooking-v1,MakeBooking-v1  updates: addressed",
        ])
        #expect(block(12).dropFirst() == ["  missing: order in TAK: ordermail bulk-tak (e.g. --contract tidbokning/MakeBooking=URL)"])
        // The answer's day is when it was recorded: today, in UTC.
        let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
        #expect(block(13).dropFirst() == [
            "  missing: activate in QA: order 1 (confirmed \(today), case CS4711) did not activate it; order it again",
            "  missing: no captured Update addresses it: check the booking system's logicalAddress for this unit",
        ])
        #expect(block(14).count == 4)
        #expect(block(14).contains("  missing: order in TAK: ordermail bulk-tak (e.g. --contract tidbokning/MakeBooking=URL)"))
        #expect(block(15) == [
            "SE2321000016-U15  QA: -  production: -  TAK: -  updates: addressed",
            "  missing: only the booking system's updates name it: activate it and order it in TAK, or correct logicalAddress in the booking system",
        ])
        #expect((2...11).allSatisfy { block($0).count == 1 })
        #expect(lines.contains("activate in qa: order 1 covers 12 of 15 units; missing SE2321000016-U13, SE2321000016-U14, SE2321000016-U15"))
    }

    @Test func writesTheRegisterAsCSVForExcel() throws {
        let (ledger, capture) = try Self.scenario()
        let result = try CommandRunner.ordermail(["units", "--captures", capture, "--ledger", ledger, "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.starts(with: [0xEF, 0xBB, 0xBF]))
        let path = try CommandRunner.temporaryDirectory() + "/units.csv"
        try Data(result.stdout).write(to: URL(fileURLWithPath: path))
        let read = try CommandRunner.run("/usr/bin/python3", ["\(CommandRunner.packageRoot)/Tests/Helpers/read_csv.py", path, ";"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout)) as? [[String]])
        #expect(rows.count == 16)
        #expect(rows.first?.prefix(3) == ["hsa_id", "name", "qa"])
        #expect(rows[1].prefix(6) == ["SE2321000016-U01", "Enhet 1", "activated", "1", "CS4711", "2026-11-25"])
        #expect(rows[13][2] == "not-activated")
        #expect(rows[15][13] == "addressed")
    }

    @Test func checkUpdatesReportsAddressesTheLedgerHasNotActivated() throws {
        let (ledger, capture) = try Self.scenario()
        let result = try CheckUpdatesCommandTests.check([capture, "--units-from-ledger", "qa", "--ledger", ledger, "--no-record"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText.contains("logicalAddress is not in the units the ledger has activated in qa"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("SE2321000016-U15"))
        #expect(!result.stdoutText.contains("SE2321000016-U12 "))
    }
}
