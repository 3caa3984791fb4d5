import Foundation
import Testing

@testable import OrderMail

/// Pins the exact bytes of rendered orders against files in `Golden/`.
/// Run with `ORDERMAIL_UPDATE_GOLDEN=1` to rewrite them after a deliberate change, then review the diff.
@Suite("Golden messages")
struct GoldenMessageTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let configure: @Sendable (inout WhitelistingOrderRequest) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "sv-qa-minimal") { _ in },
        Case(name: "sv-production-every-field") { request in
            request.environment = SourcedValue("produktion")
            request.complianceConfirmed = true
            request.systemName = SourcedValue("Tidbok \"Åre\" = Öst?_Väst é")
            request.region = SourcedValue("Region Jämtland Härjedalen")
            request.regionHSAID = SourcedValue("SE2321000016-A65H")
            request.contactName = SourcedValue("Åsa \"Åsan\" Öberg-Élise")
            request.contactPhone = SourcedValue("+46 63 14 75 00")
            request.reference = SourcedValue("RJH 2026/42 = \"akut\"?_")
            request.vendor = SourcedValue("Kosmiska Vårdsystem AB")
            request.requestedDate = SourcedValue("2027-03-01")
        },
        Case(name: "en-production-quoted-display-name") { request in
            request.environment = SourcedValue("production")
            request.complianceConfirmed = true
            request.language = .en
            request.contactName = SourcedValue("Andersson, Anna \"AA\"")
            request.reference = SourcedValue("RS-2026-0042")
        },
        Case(name: "sv-qa-long-name-lower-case-id") { request in
            request.sourceSystem = SourcedValue("SE2321000016-1hz5")
            request.systemName = SourcedValue(
                String(repeating: "Tidboksystemet för vårdcentraler ", count: 4).prefix(100).description)
        },
        Case(name: "en-qa-nonstandard-id") { request in
            request.language = .en
            request.allowsNonstandardHSAID = true
            request.sourceSystem = SourcedValue("HSASERVICES-106J")
        },
    ]

    @Test("renders exactly the golden bytes", arguments: cases)
    func rendersGoldenBytes(_ testCase: Case) throws {
        var request = OrderRequestTests.request()
        testCase.configure(&request)
        let order = try request.validated(today: Fixtures.pinnedEnvironment.today)
        let message = try order.message(
            addressing: Fixtures.addressing, templatesDirectory: Fixtures.templatesDirectory,
            environment: Fixtures.pinnedEnvironment)
        let path = "\(Fixtures.goldenDirectory)/\(testCase.name).eml"
        if ProcessInfo.processInfo.environment["ORDERMAIL_UPDATE_GOLDEN"] == "1" {
            try Data(message.bytes).write(to: URL(fileURLWithPath: path))
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(message.wireForm == golden, "\(firstDifference(golden, message.wireForm))")
    }

    /// Another package prepares an order through the same library use case as `compose` and
    /// `send`, and gets the same bytes.
    @Test("the prepared order, as compose and send prepare it, has the golden bytes", arguments: cases)
    func preparedOrderHasGoldenBytes(_ testCase: Case) throws {
        var request = OrderRequestTests.request()
        testCase.configure(&request)
        let prepared = try PreparedOrder(
            request, configuration: Configuration(), templates: Fixtures.templatesDirectory, processEnvironment: [:],
            executablePath: nil, environment: Fixtures.pinnedEnvironment, ledger: { _ in nil })
        let golden = try String(contentsOfFile: "\(Fixtures.goldenDirectory)/\(testCase.name).eml", encoding: .utf8)
        #expect(
            prepared.composition.message.wireForm == golden,
            "\(firstDifference(golden, prepared.composition.message.wireForm))")
        #expect(prepared.envelopeSender.address == "anna.andersson@regionstockholm.se")
    }

    @Test("every line ends in CRLF, is ASCII, at most 78 characters, 76 with an encoded word", arguments: cases)
    func linesAreWellFormed(_ testCase: Case) throws {
        var request = OrderRequestTests.request()
        testCase.configure(&request)
        let message = try request.validated(today: Fixtures.pinnedEnvironment.today).message(
            addressing: Fixtures.addressing, templatesDirectory: Fixtures.templatesDirectory,
            environment: Fixtures.pinnedEnvironment)
        #expect(message.wireForm.hasSuffix("\r\n"))
        #expect(message.bytes.allSatisfy { $0 < 0x80 })
        let lines = message.wireForm.components(separatedBy: "\r\n")
        for line in lines {
            #expect(!line.contains("\n") && !line.contains("\r") && line.count <= 78, "\(line)")
            #expect(!line.contains("=?") || line.count <= 76, "\(line)")
        }
        #expect(!message.wireForm.contains("\nBcc:"))
    }

    /// The first line where two texts differ, for a readable failure.
    private func firstDifference(_ expected: String, _ actual: String) -> String {
        let expectedLines = expected.components(separatedBy: "\r\n")
        let actualLines = actual.components(separatedBy: "\r\n")
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? expectedLines[index] : "<end>"
            let got = index < actualLines.count ? actualLines[index] : "<end>"
            if want != got { return "line \(index + 1):\n- \(want)\n+ \(got)" }
        }
        return "no line differs (line ends differ)"
    }
}
