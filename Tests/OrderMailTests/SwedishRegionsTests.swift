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
        #expect(
            SwedishRegions.municipalities.allSatisfy {
                countyCodes.contains($0.countyCode) && $0.code.hasPrefix($0.countyCode)
            })
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
        #expect(
            throws: FieldError(
                field: "county",
                rule: "\"02\" is no county code (SCB's codes are 01–25 with gaps, e.g. 01 for Stockholms län)")
        ) { try SwedishRegions.county("02") }
        #expect(
            throws: FieldError(
                field: "county",
                rule: "\"Norrland\" is no Swedish county; give its SCB code or name, e.g. 01 or Stockholms län")
        ) { try SwedishRegions.county("Norrland") }
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
        #expect(
            wrongName
                == FieldError(field: "municipality", rule: "\"Solna\" is not the name of 0180, which is Stockholm"))
        #expect(throws: FieldError(field: "municipality_code", rule: "0199 is no municipality code of SCB's")) {
            try SwedishRegions.municipality(code: "0199", name: nil, county: stockholm)
        }
        #expect(
            throws: FieldError(
                field: "municipality_code", rule: "\"180\" must be SCB's four-digit municipality code, e.g. 0180")
        ) {
            try SwedishRegions.municipality(code: "180", name: nil, county: stockholm)
        }
    }
}

/// The activation order's templates and context.
@Suite struct ActivationTemplateTests {
    static func order(attachesCSV: Bool, language: Language) throws -> ActivationOrder {
        let list = try ActivationUnitList.parse(
            Array(
                "hsa_id;name;county;municipality_code;visiting_address\nSE2321000016-A65H;Gärdet;01;0180;Storgatan 1\n"
                    .utf8),
            path: "units.csv", environment: .qa)
        var request = ActivationOrderRequest()
        request.environment = SourcedValue("qa")
        request.region = SourcedValue("Region Stockholm")
        request.regionHSAID = SourcedValue("SE2321000016-A65H")
        request.contactName = SourcedValue("Anna Andersson")
        request.contactEmail = SourcedValue("anna@regionstockholm.se")
        request.contactPhone = SourcedValue("08-123 456 78")
        request.reference = SourcedValue("RS-1")
        request.language = language
        request.attachesCSV = attachesCSV
        return try request.validated(units: list.units)
    }

    @Test func theContextProvidesEveryNameOfTheVocabularyAndNoOther() throws {
        let context = try Self.order(attachesCSV: true, language: .sv).templateContext()
        #expect(Set(context.keys) == ActivationOrder.templateVocabulary)
    }

    @Test(arguments: Language.allCases)
    func everyLanguageRendersWithTheUnitTable(_ language: Language) throws {
        let order = try Self.order(attachesCSV: false, language: language)
        let text = try OrderTemplate(
            named: ActivationOrder.templateName, language: language, in: Fixtures.templatesDirectory,
            vocabulary: ActivationOrder.templateVocabulary
        ).render(order.templateContext())
        #expect(
            text.subject.hasSuffix("(QA): 1 \(language == .sv ? "vårdenhet" : "care unit"), Region Stockholm [RS-1]"))
        #expect(text.body.contains("\nSE2321000016-A65H | Gärdet "))
        #expect(!text.body.contains(order.csvFileName))
    }
}
