import Testing

@testable import OrderMail

@Suite("HSA-id rules")
struct HSAIDTests {
    @Test(
        "accepts Inera's valid examples and real ids",
        arguments: [
            "SE5565594230-YJ54", "SE160000000000-1337", "SE2321000016-84GX", "SE2321000016-A65H",
            "SE165567766992-1DL4", "SE2321000016-1hz5", "SE2321000016-F835", "se2321000016-a65h", "Se2321000131-e123",
        ])
    func acceptsValidIDs(_ text: String) throws {
        let id = try HSAID(text, policy: .strict(allowTestCatalogue: false))
        #expect(id.verbatim == text)
        #expect(id.form == .national)
    }

    @Test(
        "refuses ids that break a strict rule, naming the rule",
        arguments: [
            ("SE000000000037", "10-digit organisation number"),
            ("SE000000000000-1337", "10-digit organisation number"),
            ("SE2321000017-84GX", "Luhn check digit"),
            ("SE2321000016-", "must end with -"),
            ("SE2321000016", "must end with -"),
            ("SE2321000016-ÅÄÖ", "no å, ä, ö"),
            ("SE2321000016-a@b", "no å, ä, ö, @"),
            ("SE2321000016-12345678901234567890", "at most 31 characters"),
            ("XE2321000016-84GX", "must start with SE"),
            ("HSASERVICES-106J", "must start with SE"),
            ("", "must start with SE"),
        ])
    func refusesInvalidIDs(_ text: String, brokenRule: String) {
        #expect {
            try HSAID(text, policy: .strict(allowTestCatalogue: true))
        } throws: { error in
            let error = error as? FieldError
            return error?.field == "hsa-id" && error?.rule.contains(brokenRule) == true
        }
    }

    @Test func comparesInAnyCaseAndKeepsWhatWasTyped() throws {
        let typed = try HSAID("se2321000016-a65h", policy: .strict(allowTestCatalogue: false))
        #expect(typed.verbatim == "se2321000016-a65h")
        #expect(typed.normalized == "SE2321000016-A65H")
        #expect(typed == (try HSAID("SE2321000016-A65H", policy: .strict(allowTestCatalogue: false))))
        let analysis = HSAIDAnalysis("se2321000131-e123")
        #expect(analysis.hasValidCheckDigit && analysis.hasValidSuffix && analysis.meetsStrictRules)
    }

    @Test func acceptsTestCatalogueIDsOnlyWhenAllowed() throws {
        let id = try HSAID("TSTNMT2321000156-1079", policy: .strict(allowTestCatalogue: true))
        #expect(id.form == .testCatalogue)
        let error = #expect(throws: FieldError.self) {
            try HSAID("TSTNMT2321000156-107Q", policy: .strict(allowTestCatalogue: false))
        }
        #expect(
            error?.message(fieldLabel: "--hsa-id")
                == "--hsa-id: \"TSTNMT2321000156-107Q\" is an id from Inera's test catalogue (TSTNMT), valid in QA only (example: SE2321000016-84GX)"
        )
    }

    @Test(
        "the Engagemangsindex opt-in accepts ids in live use that break Inera's pattern",
        arguments: [
            "HSASERVICES-106J", "T-SERVICES-SE165565594230-1023",
        ])
    func optInAcceptsNonstandardIDs(_ text: String) throws {
        let id = try HSAID(text, policy: .engagementIndex)
        #expect(id.form == .nonstandard)
        #expect(id.verbatim == text)
    }

    @Test(
        "the opt-in still refuses what Engagemangsindex refuses",
        arguments: [
            "", "has space", "tab\there", String(repeating: "A", count: 65), "SE2321000016-Å",
        ])
    func optInRefusesWhatEngagementIndexRefuses(_ text: String) {
        let error = #expect(throws: FieldError.self) { try HSAID(text, policy: .engagementIndex) }
        #expect(
            error?.message(fieldLabel: "--hsa-id")
                == "--hsa-id: \(Quoted(text)) must be 1-64 printable ASCII characters without white space (Engagemangsindex's rule) (example: SE2321000016-84GX)"
        )
    }

    @Test func comparesCaseInsensitivelyButKeepsTheTextAsGiven() throws {
        let lower = try HSAID("SE2321000016-1hz5", policy: .strict(allowTestCatalogue: false))
        let upper = try HSAID("SE2321000016-1HZ5", policy: .strict(allowTestCatalogue: false))
        #expect(lower == upper)
        #expect(lower.normalized == "SE2321000016-1HZ5")
        #expect(lower.verbatim == "SE2321000016-1hz5")
    }

    @Test(
        "Luhn check digits of known organisation numbers",
        arguments: [
            ("2321000016", true), ("5565594230", true), ("2321000156", true), ("2321000017", false),
            ("5565594231", false),
        ])
    func luhnCheckDigit(_ number: String, valid: Bool) {
        #expect(HSAIDAnalysis.hasLuhnCheckDigit(number) == valid)
    }
}

/// Order text's fast paths (printable ASCII; text below U+0300) give what the Unicode path gives.
@Suite struct OrderTextFastPathTests {
    /// The rules spelled out the slow way: refuse unsafe scalars, NFC, trim, count characters.
    static func reference(_ raw: String, maximumLength: Int = 100) -> String? {
        guard !raw.unicodeScalars.contains(where: TerminalText.isUnsafe) else { return nil }
        let text = raw.precomposedStringWithCanonicalMapping.trimmingWhitespace
        guard !text.isEmpty, text.count <= maximumLength, text.utf8.count <= 4 * maximumLength else { return nil }
        return text
    }

    @Test(arguments: [
        "Vårdcentralen Gärdet", "  Region Stockholm  ", "Husla\u{0308}karna i Ta\u{0308}by", "\u{00A0}Östra\u{00A0}",
        "Café Ångström", "x\u{7F}y", "tab\there", "zero\u{200B}width", "", "   ", String(repeating: "å", count: 100),
        String(repeating: "å", count: 101), String(repeating: "a", count: 101),
        "e\u{0301}" + String(repeating: "a", count: 99),
        "Ǆemal ǅ ǆ", "Ω Å K", "ﬁ ligature",
    ])
    func matchesTheUnicodeRules(_ raw: String) {
        let fast = try? OrderText(raw, field: "name").value
        #expect(fast == Self.reference(raw), "\(raw.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func normalisesDecomposedTextToNFC() throws {
        #expect(try OrderText("Ta\u{0308}by", field: "name").value == "Täby")
        #expect(try OrderText("Ta\u{0308}by", field: "name").value.unicodeScalars.count == 4)
    }
}
