import Foundation
import Testing

@testable import OrderMail

@Suite("Order templates")
struct TemplateTests {
    static let scanner = TemplateScanner(vocabulary: WhitelistingOrder.templateVocabulary)

    @Test("every template in Templates/ uses only names the order provides")
    func everyShippedTemplateIsAccepted() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.templatesDirectory)
            .filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 8)
        for file in files {
            let text = try String(contentsOfFile: "\(Fixtures.templatesDirectory)/\(file)", encoding: .utf8)
            let kind = String(file.prefix { $0 != "." })
            let vocabulary = try #require(OrderTemplate.vocabularies[kind], "\(file) is of no known kind")
            #expect(TemplateScanner(vocabulary: vocabulary).problem(in: text, file: file) == nil, "\(file)")
        }
    }

    @Test("every language has a subject and a body", arguments: Language.allCases)
    func everyLanguageHasBothTemplates(_ language: Language) throws {
        let order = try OrderRequestTests.request().validated(today: OrderRequestTests.today)
        _ = try OrderTemplate(
            named: WhitelistingOrder.templateName, language: language, in: Fixtures.templatesDirectory,
            vocabulary: WhitelistingOrder.templateVocabulary
        ).render(order.templateContext())
    }

    @Test func theContextProvidesOnlyNamesInTheVocabulary() throws {
        var request = OrderRequestTests.request()
        request.reference = SourcedValue("RS 2026-0042")
        request.vendor = SourcedValue("Cosmic")
        request.contactPhone = SourcedValue("08-123 456 78")
        request.regionHSAID = SourcedValue("SE2321000016-A65H")
        request.requestedDate = SourcedValue("2027-01-01")
        let context = try request.validated(today: OrderRequestTests.today)
            .templateContext(
                precedent: QAPrecedent(
                    date: "2026-10-01", messageID: "qa@regionstockholm.se", caseNumber: "CS0012345",
                    effectiveDate: "2026-10-08"),
                complianceCheck: ComplianceCheckSummary(
                    checkedAt: Date(timeIntervalSince1970: 1_795_000_000), ruleSet: "tidbokning-1.1", ruleSetVersion: 1,
                    sourceSystem: "SE2321000016-84GX", sourceSystemForm: "national", files: 1, requests: 3,
                    engagements: 40,
                    errors: 0, warnings: 1, notes: 0, capturedFrom: nil, capturedUntil: nil, inputDigest: "00",
                    verdict: .pass))
        #expect(Set(context.keys) == WhitelistingOrder.templateVocabulary)
    }

    @Test(
        "refuses unknown names with the file and line",
        arguments: [
            ("{{% CONTENT_TYPE: TEXT }}\nHej\n{{systemNamn}}\n", 3),
            ("{{% CONTENT_TYPE: TEXT }}\n\n\n{{#vendorx}}x{{/vendorx}}", 4),
            ("{{% CONTENT_TYPE: TEXT }}\n{{{unknown}}}", 2),
            ("{{% CONTENT_TYPE: TEXT }}\n{{> partial}}", 2),
            ("{{% CONTENT_TYPE: TEXT }}\n{{=<% %>=}}", 2),
            ("{{% CONTENT_TYPE: TEXT }}\n{{uppercased(systemName)}}", 2),
            ("{{% CONTENT_TYPE: TEXT }}\n{{contact.name}}", 2),
        ])
    func refusesUnknownTags(_ text: String, line: Int) throws {
        let problem = try #require(Self.scanner.problem(in: text, file: "t.mustache"))
        #expect(problem.hasPrefix("t.mustache:\(line): "))
    }

    @Test func requiresTheTextContentTypePragma() throws {
        let problem = try #require(Self.scanner.problem(in: "Hej {{systemName}}\n", file: "t.mustache"))
        #expect(problem.contains("CONTENT_TYPE: TEXT"))
    }

    @Test func acceptsCommentsSectionsAndTripleMustaches() {
        let text =
            "{{% CONTENT_TYPE: TEXT }}\n{{! a comment }}\n{{#vendor}}{{{vendor}}}{{/vendor}}{{^vendor}}-{{/vendor}}{{&region}}"
        #expect(Self.scanner.problem(in: text, file: "t") == nil)
    }

    @Test func aTemplateWithAnUnknownTagStopsTheMessage() throws {
        let directory = try Fixtures.temporaryDirectory()
        for part in ["subject", "body"] {
            try "{{% CONTENT_TYPE: TEXT }}\n{{systemName}} {{nosuchkey}}\n".write(
                toFile: "\(directory)/whitelisting.sv.\(part).mustache", atomically: false, encoding: .utf8)
        }
        let order = try OrderRequestTests.request().validated(today: OrderRequestTests.today)
        let error = #expect(throws: OrderMailError.self) {
            try order.message(
                addressing: Fixtures.addressing, templatesDirectory: directory, environment: Fixtures.pinnedEnvironment)
        }
        let message = error?.description ?? ""
        #expect(
            message.hasPrefix(
                "\(directory)/whitelisting.sv.subject.mustache:2: unknown tag {{nosuchkey}}; known names: "),
            "\(message)")
        #expect(message.contains(" systemName,"), "\(message)")
    }

    @Test func aTemplateThatDoesNotParseIsNamedWithItsLineAndColumn() throws {
        let directory = try Fixtures.temporaryDirectory()
        try "{{% CONTENT_TYPE: TEXT }}\nOrder\n".write(
            toFile: "\(directory)/t.sv.subject.mustache", atomically: false, encoding: .utf8)
        try "{{% CONTENT_TYPE: TEXT }}\nHej\n{{#vendor}}\n{{vendor}}\n".write(
            toFile: "\(directory)/t.sv.body.mustache", atomically: false, encoding: .utf8)
        do {
            _ = try OrderTemplate(named: "t", language: .sv, in: directory, vocabulary: ["vendor"])
            Issue.record("expected a parse error")
        } catch {
            let message = error.description
            #expect(message.hasPrefix("\(directory)/t.sv.body.mustache:"), "\(message)")
            #expect(message.contains("is never closed with {{/…}}"), "\(message)")
            #expect(!message.contains("MustacheParserContext"))
        }
    }

    @Test func rendersATrimmedSubjectAndABodyThatEndsAtItsLastVisibleLine() throws {
        let directory = try Fixtures.temporaryDirectory()
        try "{{% CONTENT_TYPE: TEXT }}\n  Order for {{systemName}} \n".write(
            toFile: "\(directory)/t.sv.subject.mustache", atomically: false, encoding: .utf8)
        try
            "{{% CONTENT_TYPE: TEXT }}\nHej {{systemName}}\r\n\r\nMed vänlig hälsning \r{{#vendor}}{{vendor}}{{/vendor}}\n \n\t\n"
            .write(
                toFile: "\(directory)/t.sv.body.mustache", atomically: false, encoding: .utf8)
        let template = try OrderTemplate(
            named: "t", language: .sv, in: directory, vocabulary: ["systemName", "vendor"])
        let text = try template.render(["systemName": "Cosmic Tidbok"])
        #expect(
            text
                == RenderedText(subject: "Order for Cosmic Tidbok", body: "Hej Cosmic Tidbok\n\nMed vänlig hälsning \n")
        )
    }

    @Test func locatesTemplatesExplicitlyThenFromTheEnvironment() throws {
        let directory = try Fixtures.temporaryDirectory()
        #expect(try TemplateLocator.locate(explicit: directory, environment: [:], executablePath: nil) == directory)
        #expect(
            try TemplateLocator.locate(
                explicit: nil, environment: ["ORDERMAIL_TEMPLATES": directory], executablePath: nil)
                == directory)
        let error = #expect(throws: OrderMailError.self) {
            try TemplateLocator.locate(explicit: "\(directory)/missing", environment: [:], executablePath: nil)
        }
        #expect(error?.description == "--templates: \(directory)/missing is not a folder of templates")
    }

    @Test func locatesInstalledTemplatesBesideTheBinary() throws {
        let prefix = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: "\(prefix)/share/ordermail/Templates", withIntermediateDirectories: true)
        let found = try TemplateLocator.locate(
            explicit: nil, environment: [:], executablePath: "\(prefix)/bin/ordermail")
        #expect(found == URL(fileURLWithPath: "\(prefix)/share/ordermail/Templates").standardized.path)
    }
}
