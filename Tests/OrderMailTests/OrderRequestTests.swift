import Testing

@testable import OrderMail

@Suite("Validating a whitelisting order")
struct OrderRequestTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 21)!

    static func request(_ environment: String = "qa") -> WhitelistingOrderRequest {
        var request = WhitelistingOrderRequest()
        request.environment = SourcedValue(environment)
        request.sourceSystem = SourcedValue("SE2321000016-84GX")
        request.systemName = SourcedValue("Cosmic Tidbok")
        request.region = SourcedValue("Region Stockholm")
        request.contactName = SourcedValue("Anna Andersson")
        request.contactEmail = SourcedValue("anna.andersson@regionstockholm.se")
        return request
    }

    static func fieldError(_ request: WhitelistingOrderRequest) -> (field: String, rule: String, source: InputSource)? {
        do {
            _ = try request.validated(today: today)
            return nil
        } catch {
            guard case .invalidField(let fieldError, let source) = error else { return nil }
            return (fieldError.field, fieldError.rule, source)
        }
    }

    @Test(
        "accepts every spelling of the environments",
        arguments: [
            ("qa", Environment.qa), ("QA", .qa), ("production", .production), ("prod", .production),
            ("Produktion", .production), ("PRODUKTION", .production),
        ])
    func parsesEnvironments(_ text: String, expected: Environment) throws {
        var request = Self.request(text)
        request.complianceConfirmed = true
        #expect(try request.validated(today: Self.today).environment == expected)
    }

    @Test func productionRequiresTheComplianceStatement() throws {
        let error = try #require(Self.fieldError(Self.request("production")))
        #expect(error.field == "confirm-compliance")
        #expect(error.rule.contains("wrong messages in patients' inboxes"))
        #expect(error.source == .commandLine)
    }

    @Test func productionRefusesTestCatalogueIDs() throws {
        var request = Self.request("production")
        request.complianceConfirmed = true
        request.sourceSystem = SourcedValue("TSTNMT2321000156-1079")
        let error = try #require(Self.fieldError(request))
        #expect(error.field == "hsa-id")
        #expect(error.rule.contains("QA only"))
        request.environment = SourcedValue("qa")
        #expect(try request.validated(today: Self.today).sourceSystem.form == .testCatalogue)
    }

    /// Sets the field that the flag `field` fills.
    static func setting(_ field: String, to value: String, in request: inout WhitelistingOrderRequest) {
        let value = SourcedValue(value)
        switch field {
        case "environment": request.environment = value
        case "hsa-id": request.sourceSystem = value
        case "system-name": request.systemName = value
        case "region": request.region = value
        case "region-hsa-id": request.regionHSAID = value
        case "contact-name": request.contactName = value
        case "contact-email": request.contactEmail = value
        case "contact-phone": request.contactPhone = value
        case "reference": request.reference = value
        case "vendor": request.vendor = value
        case "requested-date": request.requestedDate = value
        default: Issue.record("unknown field \(field)")
        }
    }

    /// A value each field accepts, so that an injected character is the only thing wrong.
    static let validValues = [
        "environment": "qa", "hsa-id": "SE2321000016-84GX", "system-name": "Cosmic Tidbok",
        "region": "Region Stockholm",
        "region-hsa-id": "SE2321000016-A65H", "contact-name": "Anna Andersson",
        "contact-email": "anna@regionstockholm.se",
        "contact-phone": "08-123 456 78", "reference": "RS 2026/42", "vendor": "Kosmiska AB",
        "requested-date": "2026-12-01",
    ]

    @Test(
        "refuses control, separator and format characters in every field, naming it",
        arguments: [
            "environment", "hsa-id", "system-name", "region", "region-hsa-id", "contact-name", "contact-email",
            "contact-phone", "reference", "vendor", "requested-date",
        ],
        [
            "\r\nBcc: victim@example.org", "\nSubject: spoof", "\u{0}", "\u{1B}[31m", "\u{85}", "\u{2028}", "\u{202E}",
            "\u{200B}", "\u{FEFF}", "\u{2066}",
        ])
    func refusesControlCharacters(_ field: String, injection: String) throws {
        var request = Self.request()
        let valid = try #require(Self.validValues[field])
        Self.setting(field, to: valid, in: &request)
        #expect(Self.fieldError(request) == nil, "the value without the injection is valid")
        Self.setting(field, to: valid + injection, in: &request)
        let error = try #require(Self.fieldError(request))
        #expect(error.field == field)
        #expect(error.source == .commandLine)
    }

    @Test func boundsTextInBytesAsWellAsCharacters() throws {
        var request = Self.request()
        request.systemName = SourcedValue("a" + String(repeating: "\u{0301}", count: 10_000))
        let error = try #require(Self.fieldError(request))
        #expect(error.field == "system-name")
        #expect(error.rule.contains("bytes"))
    }

    @Test func normalisesAndTrimsText() throws {
        var request = Self.request()
        request.systemName = SourcedValue("  Cosmic Tidbok\u{0301}  ")
        request.region = SourcedValue("Re\u{0301}gion")
        let order = try request.validated(today: Self.today)
        #expect(order.systemName.value == "Cosmic Tidbok\u{0301}".precomposedStringWithCanonicalMapping)
        #expect(order.region.value == "Région")
    }

    @Test func limitsNamesToOneHundredCharacters() throws {
        var request = Self.request()
        request.systemName = SourcedValue(String(repeating: "å", count: 100))
        #expect(try request.validated(today: Self.today).systemName.value.count == 100)
        request.systemName = SourcedValue(String(repeating: "å", count: 101))
        #expect(Self.fieldError(request)?.field == "system-name")
        request.systemName = SourcedValue("   ")
        #expect(Self.fieldError(request)?.rule == "must not be empty")
    }

    @Test(
        "refuses contact addresses that are not a plain addr-spec",
        arguments: [
            "anna", "anna@", "@example.org", "Anna <anna@example.org>", "anna andersson@example.org",
            "anna@example", "anna..a@example.org", "\"anna\"@example.org", "anna@exa_mple.org", "anna@-example.org",
            "anna@example.org,eve@example.org", "anna@exämple.se",
        ])
    func refusesBadContactAddresses(_ address: String) {
        var request = Self.request()
        request.contactEmail = SourcedValue(address)
        #expect(Self.fieldError(request)?.field == "contact-email")
    }

    @Test func refusesRequestedDatesInThePastOrMalformed() throws {
        var request = Self.request()
        request.requestedDate = SourcedValue("2026-11-21")
        #expect(try request.validated(today: Self.today).requestedDate?.description == "2026-11-21")
        for bad in ["2026-11-20", "2026-02-30", "2026-1-01", "21/11/2026"] {
            request.requestedDate = SourcedValue(bad)
            #expect(Self.fieldError(request)?.field == "requested-date", "\(bad)")
        }
    }

    @Test func namesTheMissingField() {
        var request = Self.request()
        request.systemName = nil
        #expect(Self.fieldError(request)?.field == "system-name")
        #expect(Self.fieldError(request)?.rule == "is required")
    }

    @Test func classifiesErrorsByTheValuesSource() throws {
        var request = Self.request()
        request.sourceSystem = SourcedValue("SE123", from: .file("update.xml"))
        do {
            _ = try request.validated(today: Self.today)
            Issue.record("expected an error")
        } catch {
            #expect(error.failureClass == .data)
            #expect(error.description.hasPrefix("hsa-id in update.xml: \"SE123\" is not a valid HSA-id"))
        }
    }
}
