import Foundation
import Testing

/// argument-parser's usage errors as ordermail prints them: one line, a typed value quoted to at most 80 characters.
@Suite("usage errors")
struct UsageMessageTests {
    static let long = String(repeating: "x", count: 100_000)

    /// Each case as `arguments` with LONG standing for 100,000 characters.
    @Test(arguments: [
        "compose --language LONG", "check-updates --tkb LONG -", "list --format LONG", "send --tls LONG",
        "list --status LONG",
        "list --kind LONG", "mark 1 LONG", "bulk-tak --format LONG", "list --LONG", "list extraLONG",
        "list --status LONG\nmore",
    ])
    func aLongValueIsQuotedToAtMost80Characters(_ arguments: String) throws {
        let result = try CommandRunner.ordermail(
            arguments.split(separator: " ").map { $0.replacingOccurrences(of: "LONG", with: Self.long) })
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("ordermail: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line")
        let longestRun = result.stderr.split(whereSeparator: { $0 != "x" }).map(\.count).max() ?? 0
        #expect(longestRun <= 80, "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("xxxx…"))
    }

    @Test func aShortValueIsQuotedWhole() throws {
        let result = try CommandRunner.ordermail(["list", "--status", "a'b"])
        #expect(result.status == 64)
        #expect(
            result.stderr.hasPrefix("ordermail: --status: the value 'a'b' is invalid for '--status <status>'."),
            "\(result.stderr)")
    }
}
