import Foundation
import TestSupport
import Testing

@testable import OrderMail

/// Every generated request, valid and mutated, also goes through `xmllint --noout --schema` with
/// Engagemangsindex's schema: whatever xmllint rejects, check-updates reports as an error.
@Suite("check-updates against xmllint's schema validation")
struct CheckUpdatesDifferentialTests {
    typealias Generator = UpdateCaptureGenerator
    typealias Mutant = CheckUpdatesMutationTests.Mutant
    typealias Engagement = UpdateCaptureGenerator.Engagement

    static let schema =
        Fixtures.packageRoot + "/Tests/Fixtures/ei-schema/interactions/UpdateInteraction/UpdateResponder_1.0.xsd"

    /// Mutants that only the structure rules catch, beyond the mutation tests' set.
    static let structural: [Mutant] = [
        Mutant(
            rule: "schema.element-order", name: "deleteFlag in the responder's namespace",
            documents: {
                let text = Generator.bare(.request([.update("BOOKING-1")]))
                    .replacingOccurrences(
                        of: "<c:deleteFlag>false</c:deleteFlag>", with: "<u:deleteFlag>false</u:deleteFlag>")
                return [.request([.update("BOOKING-0")]), .raw(text)]
            }),
        Mutant(
            rule: "schema.element-order", name: "an extension element between fields",
            documents: {
                var engagement = Engagement.update("BOOKING-1")
                engagement["categorization"] = "NA</c:categorization><x:y xmlns:x=\"urn:x\">1</x:y><c:categorization>NA"
                return [.request([engagement])]
            }),
        Mutant(
            rule: "schema.element-order", name: "an element inside a value",
            documents: {
                var engagement = Engagement.update("BOOKING-1")
                engagement["categorization"] = "N<c:b>A</c:b>"
                return [.request([engagement])]
            }),
        Mutant(
            rule: "schema.element-order", name: "text between an engagement's elements",
            documents: {
                var engagement = Engagement.update("BOOKING-1")
                engagement.extension_ = "stray text\n"
                return [.request([engagement])]
            }),
        Mutant(
            rule: "ei.transaction-count", name: "an Update without transactions",
            documents: {
                [.request([.update("BOOKING-0")]), .request([])]
            }),
    ]

    static let all =
        CheckUpdatesMutationTests.mutants.filter { $0.shapes == nil || $0.shapes?.contains(.soapFile) == true }
        + structural

    /// Whether xmllint accepts every request of the mutant, each as a bare `Update` document.
    static func xmllintAccepts(_ documents: [Generator.Document]) throws -> Bool {
        let folder = try TemporaryFolders.make()
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            if case .response = document { continue }
            let path = "\(folder)/request-\(index).xml"
            try Generator.bare(document).write(toFile: path, atomically: false, encoding: .utf8)
            paths.append(path)
        }
        guard !paths.isEmpty else { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--schema", schema] + paths
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Valid under the EI TKB 1.0.9 pattern `[0-9]{8}[0-9A-Zptf]{4}`, which the index follows (it enforces
    /// no pattern at run time), but not under skltp/ei's older schema pattern that the fixture copy holds.
    static let validOnlyUnderTheTKBPattern: Set<String> = [
        "valid: a national reserve identity (letters in positions 9-10)"
    ]

    @Test("whatever xmllint rejects is an error", arguments: all)
    func xmllintRejectionsAreErrors(_ mutant: Mutant) throws {
        let accepted =
            try Self.xmllintAccepts(mutant.documents()) || Self.validOnlyUnderTheTKBPattern.contains(mutant.name)
        let outcome = try CheckUpdatesMutationTests.check(mutant, shape: .soapFile)
        if !accepted {
            #expect(
                outcome.summary.errors > 0,
                "xmllint rejects \(mutant.name); check-updates: \(outcome.report.rules.map(\.rule))")
        }
        #expect(outcome.report.rules.map(\.rule) == (mutant.rule.map { [$0] } ?? []))
    }

    @Test func xmllintAcceptsTheValidRequestsAndRejectsTheStructuralMutants() throws {
        for mutant in CheckUpdatesMutationTests.mutants where mutant.rule == nil {
            #expect(
                try Self.xmllintAccepts(mutant.documents()) != Self.validOnlyUnderTheTKBPattern.contains(mutant.name),
                "\(mutant.name)")
        }
        for mutant in Self.structural {
            #expect(try !Self.xmllintAccepts(mutant.documents()), "\(mutant.name)")
        }
    }
}
