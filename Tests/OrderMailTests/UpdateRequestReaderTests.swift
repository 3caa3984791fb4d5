import Foundation
import Testing

@testable import OrderMail

@Suite("Reading sourceSystem from a captured Update request")
struct UpdateRequestReaderTests {
    static func envelope(_ sourceSystems: [String]) -> String {
        let engagements = sourceSystems.map { sourceSystem in
            """
                <urn1:engagementTransaction>
                  <urn1:deleteFlag>false</urn1:deleteFlag>
                  <urn1:engagement>
                    <urn2:registeredResidentIdentification>191212121212</urn2:registeredResidentIdentification>
                    <urn2:serviceDomain>riv:crm:scheduling</urn2:serviceDomain>
                    <urn2:categorization>NA</urn2:categorization>
                    <urn2:logicalAddress>SE2321000016-A65H</urn2:logicalAddress>
                    <urn2:businessObjectInstanceIdentifier>booking-1</urn2:businessObjectInstanceIdentifier>
                    <urn2:clinicalProcessInterestId>NA</urn2:clinicalProcessInterestId>
                    <urn2:mostRecentContent>20261121140300</urn2:mostRecentContent>
                    <urn2:sourceSystem>\(sourceSystem)</urn2:sourceSystem>
                    <urn2:dataController>SE2321000016-A65H</urn2:dataController>
                  </urn1:engagement>
                </urn1:engagementTransaction>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:urn="urn:riv:itintegration:registry:1"
                xmlns:urn1="urn:riv:itintegration:engagementindex:UpdateResponder:1"
                xmlns:urn2="urn:riv:itintegration:engagementindex:1">
              <soapenv:Header><urn:LogicalAddress>SE2321000016-EI</urn:LogicalAddress></soapenv:Header>
              <soapenv:Body>
                <urn1:Update>
            \(engagements)
                </urn1:Update>
              </soapenv:Body>
            </soapenv:Envelope>
            """
    }

    static func file(_ text: String) throws -> String {
        let path = try Fixtures.temporaryDirectory() + "/update.xml"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func readsTheValueTheEngagementsAgreeOn() throws {
        let path = try Self.file(Self.envelope(["SE2321000016-84GX", "SE2321000016-84GX"]))
        let value = try UpdateRequestReader.sourceSystem(inFileAt: path)
        #expect(value == SourcedValue("SE2321000016-84GX", from: .file(path)))
    }

    @Test func refusesEngagementsThatDisagreeNamingEveryValue() throws {
        let path = try Self.file(Self.envelope(["SE2321000016-84GX", "SE2321000016-84gx", "SE2321000016-F835"]))
        #expect {
            try UpdateRequestReader.sourceSystem(inFileAt: path)
        } throws: { error in
            let error = error as? OrderMailError
            return error?.failureClass == .data
                && ["SE2321000016-84GX", "SE2321000016-84gx", "SE2321000016-F835"].allSatisfy {
                    error?.description.contains($0) == true
                }
        }
    }

    @Test func refusesARequestWithoutSourceSystem() throws {
        let path = try Self.file(Self.envelope([]))
        #expect(
            throws: OrderMailError.invalidData(
                "\(path): no sourceSystem element found; expected a captured Update request")
        ) {
            try UpdateRequestReader.sourceSystem(inFileAt: path)
        }
    }

    @Test func refusesAFileThatIsNotXML() throws {
        let path = try Self.file("sourceSystem=SE2321000016-84GX")
        #expect {
            try UpdateRequestReader.sourceSystem(inFileAt: path)
        } throws: { ($0 as? OrderMailError)?.failureClass == .data }
    }

    @Test func reportsAMissingFileAsNoInput() {
        #expect(throws: OrderMailError.missingInput(path: "/nonexistent/update.xml", reason: "no such file")) {
            try UpdateRequestReader.sourceSystem(inFileAt: "/nonexistent/update.xml")
        }
    }

    static func refusal(_ text: String) throws -> OrderMailError? {
        let path = try Self.file(text)
        do {
            _ = try UpdateRequestReader.sourceSystem(inFileAt: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func refusesATruncatedCaptureWhoseCutOffEngagementHoldsAnotherValue() throws {
        let whole = Self.envelope(["SE2321000016-84GX", "SE2321000016-F835"])
        let cut = String(whole[..<(try #require(whole.range(of: "SE2321000016-F8")).upperBound)])
        let error = try Self.refusal(cut)
        #expect(error?.failureClass == .data)
        #expect(error?.description.contains("not a well-formed XML document") == true)
    }

    @Test func readsCDATAAsPartOfTheValue() throws {
        let path = try Self.file(Self.envelope(["SE2321000016-84<![CDATA[GX]]>"]))
        #expect(try UpdateRequestReader.sourceSystem(inFileAt: path).value == "SE2321000016-84GX")
    }

    @Test func readsCharacterReferences() throws {
        let path = try Self.file(Self.envelope(["SE2321000016&#x2D;84GX"]))
        #expect(try UpdateRequestReader.sourceSystem(inFileAt: path).value == "SE2321000016-84GX")
    }

    @Test func refusesADoctypeSoDeclaredEntitiesAreNeverDroppedOrExpanded() throws {
        let text = Self.envelope(["SE2321000016-84&gx;"]).replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            with: "<?xml version=\"1.0\"?><!DOCTYPE soapenv:Envelope [<!ENTITY gx \"GX\">]>")
        let error = try Self.refusal(text)
        #expect(error?.failureClass == .data)
        #expect(error?.description.contains("DOCTYPE") == true)
    }

    @Test func refusesANestedSourceSystemInsteadOfTakingItsInnerValue() throws {
        let text = Self.envelope(["SE2321000016-84GX<urn2:sourceSystem>SE2321000016-F835</urn2:sourceSystem>"])
        let error = try Self.refusal(text)
        #expect(error?.failureClass == .data)
        #expect(error?.description.contains("sourceSystem holds an element") == true)
    }

    @Test func readsAWellFormedCaptureOfMoreThanTenMegabytes() throws {
        let text = Self.envelope(Array(repeating: "SE2321000016-84GX", count: 16_000))
        #expect(text.utf8.count > 10_000_000)
        let path = try Self.file(text)
        #expect(try UpdateRequestReader.sourceSystem(inFileAt: path).value == "SE2321000016-84GX")
    }

    @Test func readsACaptureSavedAsUTF16WithABOM() throws {
        let path = try Fixtures.temporaryDirectory() + "/update-utf16.xml"
        let text = Self.envelope(["SE2321000016-84GX"]).replacingOccurrences(of: "UTF-8", with: "UTF-16")
        try Data([0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            .write(to: URL(fileURLWithPath: path))
        #expect(try UpdateRequestReader.sourceSystem(inFileAt: path).value == "SE2321000016-84GX")
    }
}
