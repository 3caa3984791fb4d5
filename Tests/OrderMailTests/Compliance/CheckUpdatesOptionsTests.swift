import Foundation
import TestSupport
import Testing

@testable import OrderMail

/// The options that change which ids and rules apply, and the summary the ledger keeps.
@Suite("check-updates options and summary")
struct CheckUpdatesOptionsTests {
    typealias Generator = UpdateCaptureGenerator
    typealias Engagement = UpdateCaptureGenerator.Engagement

    static func run(
        _ engagements: [Engagement], shape: Generator.Shape = .logOneLine,
        options change: (inout CheckUpdates.Options) -> Void = { _ in }
    )
        throws -> CheckUpdates.Outcome
    {
        let path = try Generator.write(try Generator.capture([.request(engagements)], shape: shape), shape: shape)
        var options = CheckUpdates.Options(
            inputs: [path], now: Date(timeIntervalSince1970: 1_795_200_000), mask: PersonalDataMask(key: "k"))
        change(&options)
        return try CheckUpdates.run(options)
    }

    static func withSourceSystem(_ id: String) -> Engagement {
        var engagement = Engagement.update("BOOKING-1")
        engagement["sourceSystem"] = id
        return engagement
    }

    @Test func aNonstandardIdPassesOnlyWithTheOptIn() throws {
        let engagement = Self.withSourceSystem("HSASERVICES-106J")
        #expect(try Self.run([engagement]).report.rules.map(\.rule) == ["tkb.source-system"])
        let allowed = try Self.run([engagement]) { $0.policy = .engagementIndex }
        #expect(allowed.report.rules.isEmpty)
        #expect(allowed.summary.sourceSystemForm == "nonstandard")
    }

    @Test func aTestCatalogueIdPassesOnlyInQA() throws {
        let engagement = Self.withSourceSystem("TSTNMT2321000156-1079")
        #expect(try Self.run([engagement]).report.rules.map(\.rule) == ["tkb.source-system"])
        let qa = try Self.run([engagement]) { $0.policy = .strict(allowTestCatalogue: true) }
        #expect(qa.report.rules.isEmpty)
        #expect(qa.summary.sourceSystemForm == "test-catalogue")
    }

    @Test func refusesAnInvalidSourceSystemFlagAsUsage() throws {
        #expect {
            try Self.run([.update("BOOKING-1")]) { $0.sourceSystem = "SE2321000017-84GX" }
        } throws: { ($0 as? OrderMailError)?.failureClass == .usage }
    }

    @Test func tidbokning2WantsItsDomainAndHasNoFutureRule() throws {
        var engagement = Engagement.update("BOOKING-1")
        engagement["serviceDomain"] = "riv:supportprocess:logistics:scheduling"
        engagement["mostRecentContent"] = "20261101100000"
        let outcome = try Self.run([engagement]) { $0.tkb = .v2_0 }
        #expect(outcome.report.rules.isEmpty)
        #expect(outcome.summary.ruleSet == "tidbokning-2.0")
        let old = try Self.run([.update("BOOKING-1")]) { $0.tkb = .v2_0 }
        #expect(old.report.rules.map(\.rule) == ["tkb.service-domain"])
    }

    @Test func theSummaryHoldsCountsSpanAndDigestsAndNoPersonalData() throws {
        let engagements = (1...3).map { Engagement.update("BOOKING-\($0)") }
        let outcome = try Self.run(engagements)
        let summary = outcome.summary
        #expect(summary.files == 1 && summary.requests == 1 && summary.engagements == 3)
        #expect(summary.errors == 0 && summary.warnings == 0 && summary.notes == 0 && summary.verdict == .pass)
        #expect(summary.sourceSystem == Generator.sourceSystem && summary.ruleSetVersion == CheckUpdates.ruleSetVersion)
        #expect(summary.capturedFrom == Generator.captureBase && summary.capturedUntil == Generator.captureBase)
        #expect(summary.checkedAt == Date(timeIntervalSince1970: 1_795_200_000))
        #expect(summary.inputDigest.count == 64)
        let encoded = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        for secret in ["BOOKING", Generator.personalNumber, Generator.unit, "1212121212"] {
            #expect(!encoded.contains(secret))
        }
        #expect(try Self.run(engagements).summary.inputDigest == summary.inputDigest)
        #expect(try Self.run(Array(engagements.prefix(2))).summary.inputDigest != summary.inputDigest)
    }

    @Test func aRegionalIndexAddressIsTheOneTheHeaderMustName() throws {
        let regional = "SE2321000131-E000000011111"
        let national = try Self.run([.update("BOOKING-1")]) { $0.indexAddress = regional }
        #expect(national.report.rules.map(\.rule) == ["ei.header-logical-address"])
        #expect(
            national.report.rules.first?.findings.first?.message.contains("not the index's own id \(regional)") == true)
        let path = try Generator.write(
            try Generator.capture([.request([.update("BOOKING-1")], header: regional)], shape: .logOneLine),
            shape: .logOneLine)
        let outcome = try CheckUpdates.run(
            CheckUpdates.Options(inputs: [path], mask: PersonalDataMask(key: "k"), indexAddress: regional))
        #expect(outcome.report.rules.isEmpty)
    }

    @Test(arguments: [
        ("19810829M071", "Västra Götaland"), ("19810829SU3A", "Värmland"), ("990101123456", "Region Stockholm"),
    ])
    func aLocalReserveIdentityIsAWarning(_ id: String, _ region: String) throws {
        var engagement = Engagement.update("BOOKING-1")
        engagement["registeredResidentIdentification"] = id
        let outcome = try Self.run([engagement])
        #expect(outcome.report.rules.map(\.rule) == ["tkb.local-reserve-identity"])
        #expect(outcome.report.rules.first?.findings.first?.message.contains(region) == true)
        #expect(outcome.summary.verdict == .pass)
    }

    @Test func aDeleteWhoseSourceSystemDiffersOnlyInCaseLeavesTheRecord() throws {
        var delete = Engagement.delete("BOOKING-1")
        delete["sourceSystem"] = Generator.sourceSystem.lowercased()
        let path = try Generator.write(
            try Generator.capture([.request([.update("BOOKING-1")]), .request([delete])], shape: .logOneLine),
            shape: .logOneLine)
        let outcome = try CheckUpdates.run(
            CheckUpdates.Options(
                inputs: [path], sourceSystem: Generator.sourceSystem, mask: PersonalDataMask(key: "k")))
        #expect(outcome.report.rules.map(\.rule) == ["tkb.source-system-spelling", "booking.delete-key-mismatch"])
        let mismatch = try #require(outcome.report.rules.last?.findings.first)
        #expect(mismatch.field == "sourceSystem")
        #expect(mismatch.message.contains("the index's record stays in place"))
        #expect(outcome.bookings == 1)
    }

    @Test func aMalformedTimestampIsAFormatErrorNotALengthOne() throws {
        var engagement = Engagement.update("BOOKING-1")
        engagement["mostRecentContent"] = "2026-12-01T10:00:00"
        let outcome = try Self.run([engagement])
        #expect(outcome.report.rules.map(\.rule) == ["schema.timestamp"])
        #expect(
            outcome.report.rules.first?.findings.first?.message
                == "mostRecentContent is not in the format yyyyMMddHHmmss (14 digits, Swedish local time)")
    }

    @Test func theNoteOfAnotherSystemNamesItsOwnFileAndLine() throws {
        var other = Engagement.update("OTHER-1")
        other["sourceSystem"] = "SE2321000016-F835"
        let folder = try TemporaryFolders.make()
        let first = folder + "/a.xml"
        let second = folder + "/b.xml"
        try Generator.soap(.request([.update("BOOKING-1")])).write(toFile: second, atomically: false, encoding: .utf8)
        try ("\n" + Generator.soap(.request([other]))).write(toFile: first, atomically: false, encoding: .utf8)
        let outcome = try CheckUpdates.run(
            CheckUpdates.Options(
                inputs: [first, second], sourceSystem: Generator.sourceSystem, capturedAt: Generator.captureBase,
                mask: PersonalDataMask(key: "k")))
        let note = try #require(outcome.report.rules.first { $0.rule == "input.other-source-system" }?.findings.first)
        #expect(note.file == first)
        #expect(note.line == 8)
    }

    @Test func theVerdictSaysWhenThePastBookingRuleCouldNotRun() throws {
        let outcome = try Self.run([.update("BOOKING-1")], shape: .soapFile)
        #expect(outcome.summary.verdict == .pass)
        #expect(
            outcome.report.limitations == [
                "the past-booking rule could not run for any request of the system: no timestamp before them and no --captured-at"
            ])
        #expect(
            outcome.report.text.contains(
                "verdict: PASS: no errors against the rules that can be checked from the requests; the past-booking rule could not run"
            ))
        #expect(try Self.run([.update("BOOKING-1")]).report.limitations.isEmpty)
    }

    @Test func aSummaryRoundTripsThroughJSON() throws {
        let summary = try Self.run([.update("BOOKING-1")]).summary
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(ComplianceCheckSummary.self, from: encoder.encode(summary)) == summary)
    }

    @Test func masksEveryFormOfANumberWithTheSameDigest() {
        let mask = PersonalDataMask(key: "k")
        let forms = ["191212121212", "19121212-1212", "121212-1212", "121212+1212", "1212121212"].map(mask.mask)
        #expect(Set(forms).count == 1)
        #expect(forms[0].hasPrefix("personnummer#") && forms[0].count == "personnummer#".count + 8)
        #expect(mask.mask("19900171-2385").hasPrefix("samordningsnummer#"))
        #expect(mask.mask("19121212T123").hasPrefix("reservnummer#"))
        #expect(mask.mask("SE2321000016-84GX") == "SE2321000016-84GX")
        #expect(mask.mask("232100-0016") == "232100-0016")
        #expect(mask.mask("20261201100000") == "20261201100000")
        #expect(PersonalDataMask(key: "other").mask("191212121212") != forms[0])
    }

    @Test func pairsAResponseWithItsRequestByCorrelationIDNotByOrder() throws {
        func event(_ trace: String, request: Generator.Document?, response: Generator.Document?) throws -> String {
            var object: [String: Any] = ["@timestamp": "2026-11-20T13:03:00.000Z", "trace.id": trace]
            if let request { object["http.request.body.content"] = Generator.soap(request) }
            if let response { object["http.response.body.content"] = Generator.soap(response) }
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
        }
        let text =
            try event("a", request: .request([.update("BOOKING-1")]), response: nil)
            + event("b", request: .request([.update("BOOKING-2")]), response: nil)
            + event("b", request: nil, response: .response(resultCode: "OK", comment: ""))
            + event("a", request: nil, response: .response(resultCode: "ERROR", comment: "Invalid dataController"))
        let path = try TemporaryFolders.make() + "/vp.json"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let outcome = try CheckUpdates.run(CheckUpdates.Options(inputs: [path], mask: PersonalDataMask(key: "k")))
        #expect(outcome.report.rules.map(\.rule) == ["response.error"])
        let finding = try #require(outcome.report.rules.first?.findings.first)
        #expect(finding.line == 1 && finding.request == 1)
        #expect(finding.value == "Invalid dataController")
        #expect(finding.message == "the request got ResultCode ERROR (response at line 4)")
        #expect(outcome.report.responses == 2)
    }
}
