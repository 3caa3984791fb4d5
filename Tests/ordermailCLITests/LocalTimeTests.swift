import Foundation
import Testing

/// `list`, `show` and the CSV show local time (TZ, then time-zone, then Europe/Stockholm); JSON keeps UTC.
@Suite("Times shown in local time")
struct LocalTimeTests {
    /// The `created:` line of `show 1`. (The register's CSV follows the same zone rule to the minute;
    /// OrderMailTests.LocalTimeTests pins its conversion against Foundation.)
    static func shownCreated(_ ledger: String, environment: [String: String], config: String? = nil) throws -> String {
        let result = try CommandRunner.ordermail(
            ["show", "1", "--ledger", ledger] + (config.map { ["--config", $0] } ?? []), environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdoutText.split(separator: "\n").first { $0.hasPrefix("created:") })
        return line.dropFirst("created:".count).trimmingCharacters(in: .whitespaces)
    }

    @Test func showUsesTZThenTheTimeZoneKeyThenStockholmAndJSONKeepsUTC() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        #expect(try CommandRunner.ordermail(arguments + ["--sent-at", "2026-11-20", "--ledger", ledger]).status == 0)
        let json = try CommandRunner.ordermail(["list", "--format", "json", "--ledger", ledger]).stdoutText
        let utc = try #require(json.firstMatch(of: #/"createdAt":"([0-9T:-]+)Z"/#)?.1)
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let moment = try #require(parser.date(from: String(utc)))

        func expected(_ zone: String) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: zone)
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
            return formatter.string(from: moment)
        }
        #expect(try Self.shownCreated(ledger, environment: ["TZ": "Asia/Tokyo"]) == (expected("Asia/Tokyo")))
        #expect(try Self.shownCreated(ledger, environment: ["TZ": ":UTC"]) == (expected("UTC")))
        let config = folder + "/config"
        try "time-zone = America/New_York\n".write(toFile: config, atomically: false, encoding: .utf8)
        #expect(chmod(config, 0o600) == 0)
        #expect(
            try Self.shownCreated(ledger, environment: ["TZ": ""], config: config) == (expected("America/New_York")))
        #expect(try Self.shownCreated(ledger, environment: ["TZ": ""]) == (expected("Europe/Stockholm")))
        try "time-zone = Mars/Olympus\n".write(toFile: config, atomically: false, encoding: .utf8)
        let badZone = try CommandRunner.ordermail(["list", "--ledger", ledger, "--config", config])
        #expect(badZone.status == 78, "\(badZone.stderr)")
        #expect(badZone.stderr.contains("time-zone: \"Mars/Olympus\" is not a time zone name"), "\(badZone.stderr)")
    }
}
