import Foundation
import Testing

@testable import OrderMail

/// Pins the bytes of `list --format json` (JSON Lines through the line writer): keys in alphabetical
/// order, a missing value left out, `"`, `\` and control characters escaped, other text as UTF-8.
@Suite("list --format json, byte for byte")
struct OrderListJSONTests {
    @Test func writesTheGoldenBytes() throws {
        let full = OrderSummary(
            id: 42, createdAt: "2026-11-20T13:03:00Z", kind: .whitelisting, environment: "production", platform: nil,
            hsaID: "SE2321000016-84GX", systemName: "Tidbok \"Åre\" \\ Öst/Väst\t€",
            messageID: "20261120140300.a@regionstockholm.se",
            reference: "RS-2026/42\n", requestedDate: "2027-03-01", supportCase: "INC-77", status: .confirmed,
            statusAt: "2026-11-23T08:00:00Z")
        let sparse = OrderSummary(
            id: 7, createdAt: "2026-11-21T09:00:00Z", kind: .bulkTAK, environment: nil, platform: "NTJP",
            hsaID: "SE2321000016-A65H", systemName: "Region Jämtland Härjedalen", messageID: "", reference: nil,
            requestedDate: nil, supportCase: nil, status: .draft, statusAt: "2026-11-21T09:00:00Z")
        var bytes: [UInt8] = []
        OrderListWriter.appendJSONLine(full, to: &bytes)
        OrderListWriter.appendJSONLine(sparse, to: &bytes)
        let golden = #"""
            {"createdAt":"2026-11-20T13:03:00Z","environment":"production","hsaID":"SE2321000016-84GX","id":42,"kind":"whitelisting","messageID":"20261120140300.a@regionstockholm.se","reference":"RS-2026/42\u000a","requestedDate":"2027-03-01","status":"confirmed","statusAt":"2026-11-23T08:00:00Z","supportCase":"INC-77","systemName":"Tidbok \"Åre\" \\ Öst/Väst\u0009€"}
            {"createdAt":"2026-11-21T09:00:00Z","hsaID":"SE2321000016-A65H","id":7,"kind":"bulk-tak","messageID":"","platform":"NTJP","status":"draft","statusAt":"2026-11-21T09:00:00Z","systemName":"Region Jämtland Härjedalen"}

            """#
        #expect(String(decoding: bytes, as: UTF8.self) == golden)
        // Each line is JSON that Foundation reads back to the same values.
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0])) as? [String: Any])
        #expect(first["systemName"] as? String == full.systemName && first["reference"] as? String == full.reference)
    }
}
