import Foundation
import Testing

@testable import OrderMail

/// The library's copy of SCB's county and municipality codes, and the lookups the activation order uses.
@Suite struct SwedishRegionsTests {
    @Test func holdsTwentyOneCountiesAndTwoHundredNinetyMunicipalities() {
        #expect(SwedishRegions.counties.count == 21)
        #expect(Set(SwedishRegions.counties.map(\.code)).count == 21)
        #expect(SwedishRegions.municipalities.count == 290)
        #expect(Set(SwedishRegions.municipalities.map(\.code)).count == 290)
        let countyCodes = Set(SwedishRegions.counties.map(\.code))
        #expect(SwedishRegions.municipalities.allSatisfy { countyCodes.contains($0.countyCode) && $0.code.hasPrefix($0.countyCode) })
    }

    @Test func theEmbeddedListsAreTheReferenceFilesByteForByte() throws {
        let reference = "\(Fixtures.packageRoot)/Tests/Reference"
        let counties = try #require(FileManager.default.contents(atPath: "\(reference)/se-counties.csv"))
        let municipalities = try #require(FileManager.default.contents(atPath: "\(reference)/se-municipalities.csv"))
        #expect(Array((SwedishRegionData.counties + "\n").utf8) == Array(counties))
        #expect(Array((SwedishRegionData.municipalities + "\n").utf8) == Array(municipalities))
    }

    @Test func findsACountyByCodeOrName() throws {
        for text in ["01", "1", "Stockholms län", "stockholms", "Stockholm"] {
            #expect(try SwedishRegions.county(text).code == "01", "\(text)")
        }
        #expect(try SwedishRegions.county("Västra Götaland").code == "14")
        #expect(throws: FieldError.self) { try SwedishRegions.county("02") }
        #expect(throws: FieldError.self) { try SwedishRegions.county("Norrland") }
    }

    @Test func checksAMunicipalityCodeAgainstItsCountyAndName() throws {
        let stockholm = try SwedishRegions.county("01")
        #expect(try SwedishRegions.municipality(code: "0180", name: "Stockholm", county: stockholm).name == "Stockholm")
        #expect(try SwedishRegions.municipality(code: "0160", name: "Täby kommun", county: stockholm).name == "Täby")
        let wrongCounty = #expect(throws: FieldError.self) {
            try SwedishRegions.municipality(code: "1280", name: nil, county: stockholm)
        }
        #expect(wrongCounty?.rule == "1280 (Malmö) lies in county 12, not in 01 (Stockholms län)")
        let wrongName = #expect(throws: FieldError.self) {
            try SwedishRegions.municipality(code: "0180", name: "Solna", county: stockholm)
        }
        #expect(wrongName?.field == "municipality")
        #expect(throws: FieldError.self) { try SwedishRegions.municipality(code: "0199", name: nil, county: stockholm) }
        #expect(throws: FieldError.self) { try SwedishRegions.municipality(code: "180", name: nil, county: stockholm) }
    }
}
