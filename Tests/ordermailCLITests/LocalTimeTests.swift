import Foundation
import Testing

/// `list`, `show` and the CSV show local time (TZ, then time-zone, then Europe/Stockholm); JSON keeps UTC.
@Suite("Times shown in local time")
struct LocalTimeTests {
    /// The created_at column of `list --format csv` for order 1.
    static func csvCreated(_ ledger: String, environment: [String: String], config: String? = nil) throws -> String {
        let result = try CommandRunner.ordermail(
            ["list", "--format", "csv", "--ledger", ledger] + (config.map { ["--config", $0] } ?? []), environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(result.stdoutText.split(separator: "\r\n").dropFirst().first)
        return String(row.split(separator: ",")[1])
    }

    @Test func theCSVAndShowUseTZThenTheTimeZoneKeyThenStockholmAndJSONKeepsUTC() throws {
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
        #expect(try Self.csvCreated(ledger, environment: ["TZ": "Asia/Tokyo"]) == (expected("Asia/Tokyo")))
        #expect(try Self.csvCreated(ledger, environment: ["TZ": ":UTC"]) == (expected("UTC")))
        let config = folder + "/config"
        try "time-zone = America/New_York\n".write(toFile: config, atomically: false, encoding: .utf8)
        #expect(chmod(config, 0o600) == 0)
        #expect(try Self.csvCreated(ledger, environment: ["TZ": ""], config: config) == (expected("America/New_York")))
        #expect(try Self.csvCreated(ledger, environment: ["TZ": ""]) == (expected("Europe/Stockholm")))
        let shown = try CommandRunner.ordermail(["show", "1", "--ledger", ledger], environment: ["TZ": "Asia/Tokyo"]).stdoutText
        let tokyo = expected("Asia/Tokyo")
        #expect(shown.split(separator: "\n").contains { $0.hasPrefix("created:") && $0.hasSuffix(tokyo) }, "\(shown)")
        try "time-zone = Mars/Olympus\n".write(toFile: config, atomically: false, encoding: .utf8)
        let badZone = try CommandRunner.ordermail(["list", "--ledger", ledger, "--config", config])
        #expect(badZone.status == 78, "\(badZone.stderr)")
        #expect(badZone.stderr.contains("time-zone: \"Mars/Olympus\" is not a time zone name"), "\(badZone.stderr)")
    }
}
