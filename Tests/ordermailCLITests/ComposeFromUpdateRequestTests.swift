import Foundation
import Testing

/// `ordermail compose --from-update-request` on the captures the FoundationXML reader got wrong.
@Suite("ordermail compose --from-update-request")
struct ComposeFromUpdateRequestTests {
    static let personalNumber = "191212121212"

    /// A SOAP capture with one engagement per `sourceSystem` text (raw XML, spliced in as given).
    static func capture(_ sourceSystems: [String], prologue: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        -> String
    {
        let engagements = sourceSystems.map {
            "<e:engagementTransaction><e:deleteFlag>false</e:deleteFlag><e:engagement>"
                + "<c:registeredResidentIdentification>\(personalNumber)</c:registeredResidentIdentification>"
                + "<c:sourceSystem>\($0)</c:sourceSystem></e:engagement></e:engagementTransaction>\n"
        }.joined()
        return prologue + """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:e="urn:riv:itintegration:engagementindex:UpdateResponder:1" \
            xmlns:c="urn:riv:itintegration:engagementindex:1"><s:Body><e:Update>
            \(engagements)</e:Update></s:Body></s:Envelope>
            """
    }

    static func compose(_ text: String) throws -> ProcessResult {
        let path = try CommandRunner.temporaryDirectory() + "/update.xml"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var arguments = ComposeCommandTests.arguments([:])
        let index = try #require(arguments.firstIndex(of: "--hsa-id"))
        arguments.replaceSubrange(index...(index + 1), with: ["--from-update-request", path])
        return try CommandRunner.ordermail(arguments)
    }

    /// Exit 65, one `ordermail:` line on stderr that contains `fragment` and no personal number, nothing on stdout.
    static func expectRefused(_ result: ProcessResult, saying fragment: String) {
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix("ordermail: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)"
        )
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(!result.stderr.contains(personalNumber))
    }

    @Test func refusesATruncatedCapture() throws {
        let whole = Self.capture(["SE2321000016-84GX", "SE2321000016-F835"])
        let cut = String(whole[..<(try #require(whole.range(of: "SE2321000016-F8")).upperBound)])
        Self.expectRefused(try Self.compose(cut), saying: "not a well-formed XML document")
    }

    @Test func ordersTheIdThatCDATAAndTextMakeTogether() throws {
        let result = try Self.compose(Self.capture(["SE2321000016-84<![CDATA[GX]]>"]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try MessageInspection.inspect(result.stdout).body.contains(": SE2321000016-84GX\n"))
    }

    @Test func refusesInternalEntitiesWithTheirDoctype() throws {
        let text = Self.capture(["SE2321000016-84&gx;"], prologue: "<!DOCTYPE s:Envelope [<!ENTITY gx \"GX\">]>")
        Self.expectRefused(try Self.compose(text), saying: "DOCTYPE")
    }

    @Test func refusesANestedSourceSystem() throws {
        let text = Self.capture(["<c:sourceSystem>SE2321000016-84GX</c:sourceSystem>"])
        Self.expectRefused(try Self.compose(text), saying: "sourceSystem holds an element")
    }

    @Test func readsAWellFormedCaptureOverTenMegabytes() throws {
        let text = Self.capture(Array(repeating: "SE2321000016-84GX", count: 40_000))
        #expect(text.utf8.count > 10_000_000)
        let result = try Self.compose(text)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func keepsLibxml2FromEchoingTheInputOnStderr() throws {
        let text = Self.capture(["SE2321000016-84GX"]).replacingOccurrences(
            of: "</c:registeredResidentIdentification>", with: "</c:wrong>")
        Self.expectRefused(try Self.compose(text), saying: "not a well-formed XML document")
    }

    static func compose(file text: String, name: String, extra: [String] = []) throws -> ProcessResult {
        let path = try CommandRunner.temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var arguments = ComposeCommandTests.arguments([:])
        let index = try #require(arguments.firstIndex(of: "--hsa-id"))
        arguments.replaceSubrange(index...(index + 1), with: ["--from-update-request", path] + extra)
        return try CommandRunner.ordermail(arguments)
    }

    @Test(arguments: ["vp.log", "request.http"])
    func readsAVPLogAndAnHTTPDump(_ name: String) throws {
        let envelope = Self.capture(["SE2321000016-84GX"], prologue: "").replacingOccurrences(of: "\n", with: "")
        let text =
            name == "vp.log"
            ? "2026-11-20 14:03:00,000 DEBUG [vp] se.skl.tp.vp.logging.req.in - skltp-messages\n** req-in.start ****\nLogMessage=req-in\nPayload=\(envelope)\n** req-in.end ****\n"
            : "POST /vp/Update HTTP/1.1\r\nHost: vp\r\nContent-Type: text/xml\r\n\r\n\(envelope)\r\n"
        let result = try Self.compose(file: text, name: name)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try MessageInspection.inspect(result.stdout).body.contains(": SE2321000016-84GX\n"))
    }

    @Test func severalSystemsAreListedAndHSAIDNamesOneOfThem() throws {
        let text =
            CheckUpdatesCommandTests.logLine([CheckUpdatesCommandTests.Row()])
            + CheckUpdatesCommandTests.logLine([CheckUpdatesCommandTests.Row(sourceSystem: "SE2321000016-F835")])
        let refused = try Self.compose(file: text, name: "vp.log")
        Self.expectRefused(
            refused,
            saying:
                "the capture holds 2 sourceSystem values: \"SE2321000016-84GX\", \"SE2321000016-F835\"; name the one to order with --hsa-id"
        )
        let chosen = try Self.compose(file: text, name: "vp.log", extra: ["--hsa-id", "SE2321000016-F835"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(try MessageInspection.inspect(chosen.stdout).body.contains(": SE2321000016-F835\n"))
        let other = try Self.compose(file: text, name: "vp.log", extra: ["--hsa-id", "SE2321000016-84gx"])
        #expect(other.status == 64, "\(other.stderr)")
        #expect(other.stderr.contains("--hsa-id: must be one of the sourceSystem values the capture holds"))
    }
}
