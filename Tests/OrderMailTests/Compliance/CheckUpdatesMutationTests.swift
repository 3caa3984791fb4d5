import Foundation
import TestSupport
import Testing

@testable import OrderMail

/// For every rule, a capture that breaks exactly that rule, in every shape: each gets exactly that
/// rule's finding and nothing else, and the valid captures get none.
@Suite("check-updates mutation tests")
struct CheckUpdatesMutationTests {
    typealias Generator = UpdateCaptureGenerator
    typealias Engagement = UpdateCaptureGenerator.Engagement

    /// A capture that breaks one rule (nil: a valid one), as documents plus extra files and options.
    struct Mutant: Sendable, CustomTestStringConvertible {
        var rule: String?
        var name: String
        var testDescription: String { name }
        /// Shapes the mutant can be written in (all when nil).
        var shapes: [Generator.Shape]? = nil
        var withoutCaptureTime = false
        /// Whether the check gets `--source-system`.
        var selectsSourceSystem = true
        /// Extra files beside the capture: (name, bytes).
        var extraFiles: [(String, [UInt8])] = []
        var documents: @Sendable () -> [Generator.Document]
    }

    static func single(_ change: @escaping @Sendable (inout Engagement) -> Void) -> @Sendable () -> [Generator.Document]
    {
        {
            var engagement = Engagement.update("BOOKING-4711")
            change(&engagement)
            return [.request([engagement])]
        }
    }

    static let mutants: [Mutant] = [
        Mutant(rule: nil, name: "valid update", documents: single { _ in }),
        Mutant(
            rule: nil, name: "valid update, rebooking and delete",
            documents: {
                var rebooked = Engagement.update("BOOKING-4711")
                rebooked["mostRecentContent"] = "20261202100000"
                return [
                    .request([.update("BOOKING-4711"), .update("BOOKING-4712")]), .request([rebooked]),
                    .response(resultCode: "OK", comment: ""), .request([.delete("BOOKING-4711")]),
                ]
            }),
        Mutant(
            rule: nil, name: "valid: extension element where xs:any allows it",
            documents: single {
                $0.extension_ = "      <x:note xmlns:x=\"urn:example:extension\">free text</x:note>\n"
            }),
        Mutant(
            rule: nil, name: "valid: organisation number and HSA-id as dataController",
            documents: {
                var number = Engagement.update("BOOKING-1")
                number["dataController"] = "2321000016"
                var hsaID = Engagement.update("BOOKING-2")
                hsaID["dataController"] = "SE2321000016-F835"
                return [.request([number, hsaID])]
            }),
        Mutant(
            rule: "xml.malformed", name: "end tag mismatch",
            documents: {
                var broken = Engagement.update("BOOKING-4712")
                broken["categorization"] = "NA</c:categorisation><c:x>"
                return [.request([.update("BOOKING-4711")]), .request([broken])]
            }),
        Mutant(
            rule: "schema.element-order", name: "mostRecentContent after dataController",
            documents: single {
                $0["mostRecentContent"] = nil
                $0.fields.append(("mostRecentContent", Generator.futureStart))
            }),
        Mutant(
            rule: "schema.element-order", name: "unknown element in the index's namespace",
            documents: single {
                $0.extension_ = "      <c:comment>x</c:comment>\n"
            }),
        Mutant(
            rule: "schema.required-element", name: "no clinicalProcessInterestId",
            documents: single {
                $0["clinicalProcessInterestId"] = nil
            }),
        Mutant(rule: "schema.delete-flag", name: "deleteFlag yes", documents: single { $0.deleteFlag = "yes" }),
        Mutant(
            rule: "schema.timestamp", name: "mostRecentContent on 31 February",
            documents: single {
                $0["mostRecentContent"] = "20270231100000"
            }),
        Mutant(
            rule: "schema.resident-identification", name: "lower-case letters the pattern does not allow",
            documents: single {
                $0["registeredResidentIdentification"] = "1912121212ab"
            }),
        Mutant(
            rule: nil, name: "valid: a national reserve identity (letters in positions 9-10)",
            documents: single {
                $0["registeredResidentIdentification"] = "22121205KA27"
            }),
        Mutant(
            rule: "tkb.local-reserve-identity", name: "Region Stockholm's local reserve number",
            documents: single {
                $0["registeredResidentIdentification"] = "990101123456"
            }),
        Mutant(
            rule: "ei.transaction-count", name: "1001 engagements",
            documents: {
                [.request((1...1001).map { Engagement.update("BOOKING-\($0)") })]
            }),
        Mutant(rule: "ei.empty-value", name: "empty categorization", documents: single { $0["categorization"] = "" }),
        Mutant(
            rule: "ei.white-space", name: "categorization with a leading space",
            documents: single {
                $0["categorization"] = " NA"
            }),
        Mutant(
            rule: "ei.maximum-length", name: "129-character booking id",
            documents: single {
                $0["businessObjectInstanceIdentifier"] = String(repeating: "B", count: 129)
            }),
        Mutant(
            rule: "ei.reserved-id", name: "logicalAddress 5565594230",
            documents: single {
                $0["logicalAddress"] = "5565594230"
            }),
        Mutant(
            rule: "ei.duplicate-key", name: "the same engagement twice in one request",
            documents: {
                [.request([.update("BOOKING-4711"), .update("BOOKING-4711")])]
            }),
        Mutant(
            rule: "ei.header-logical-address", name: "no RIVTA header",
            shapes: Generator.Shape.allCases.filter(\.hasEnvelope),
            documents: { [.request([.update("BOOKING-4711")], header: nil)] }),
        Mutant(
            rule: "ei.header-logical-address", name: "RIVTA header addressed to the care unit",
            shapes: Generator.Shape.allCases.filter(\.hasEnvelope),
            documents: { [.request([.update("BOOKING-4711")], header: Generator.unit)] }),
        Mutant(
            rule: "ei.soap-version", name: "a SOAP 1.2 envelope",
            shapes: Generator.Shape.allCases.filter(\.hasEnvelope),
            documents: { [.request([.update("BOOKING-4711")], soap12: true)] }),
        Mutant(
            rule: "tkb.service-domain", name: "Tidbokning 2.0's domain under 1.1",
            documents: single {
                $0["serviceDomain"] = "riv:supportprocess:logistics:scheduling"
            }),
        Mutant(
            rule: "tkb.categorization", name: "categorization Booking (before TKB 1.1.2)",
            documents: single {
                $0["categorization"] = "Booking"
            }),
        Mutant(
            rule: "tkb.clinical-process-interest-id", name: "clinicalProcessInterestId not NA",
            documents: single {
                $0["clinicalProcessInterestId"] = "1"
            }),
        Mutant(
            rule: "tkb.logical-address", name: "logicalAddress with a bad check digit",
            documents: single {
                $0["logicalAddress"] = "SE2321000017-A65H"
            }),
        Mutant(
            rule: "tkb.logical-address-is-source-system", name: "logicalAddress is the booking system (system as unit)",
            documents: single {
                $0["logicalAddress"] = Generator.sourceSystem
            }),
        Mutant(
            rule: "tkb.source-system-spelling", name: "sourceSystem differs from the ordered spelling only in case",
            documents: single {
                $0["sourceSystem"] = Generator.sourceSystem.lowercased()
            }),
        Mutant(
            rule: "tkb.source-system-near-miss", name: "a near-miss sourceSystem with its own bookings and units",
            documents: {
                var other = Engagement.update("OTHER-1")
                other["sourceSystem"] = "SE2321000016-84G"
                other["logicalAddress"] = "SE2321000016-1HZ5"
                return [.request([.update("BOOKING-4711")]), .request([other], consumer: "SE2321000016-84G")]
            }),
        Mutant(
            rule: "tkb.source-system-near-miss-shared", name: "a near-miss sourceSystem sharing a unit",
            documents: {
                var other = Engagement.update("OTHER-1")
                other["sourceSystem"] = "SE2321000016-84GY"
                return [.request([.update("BOOKING-4711")]), .request([other], consumer: "SE2321000016-84GY")]
            }),
        Mutant(
            rule: "tkb.source-system", name: "sourceSystem with a bad check digit", selectsSourceSystem: false,
            documents: {
                var engagement = Engagement.update("BOOKING-4711")
                engagement["sourceSystem"] = "SE2321000017-84GX"
                return [.request([engagement], consumer: "SE2321000017-84GX")]
            }),
        Mutant(
            rule: "tkb.most-recent-content-missing", name: "update without mostRecentContent",
            documents: single {
                $0["mostRecentContent"] = nil
            }),
        Mutant(
            rule: "tkb.most-recent-content-on-delete", name: "delete with mostRecentContent",
            documents: {
                var delete = Engagement.delete("BOOKING-4711")
                delete["mostRecentContent"] = Generator.futureStart
                return [.request([.update("BOOKING-4711")]), .request([delete])]
            }),
        Mutant(
            rule: "tkb.set-by-index", name: "creationTime and owner present",
            documents: single {
                $0["creationTime"] = "20261120140000"
                $0["owner"] = "SE2321000016-A65H"
            }),
        Mutant(
            rule: "tkb.data-controller", name: "dataController an organisation number with a wrong check digit",
            documents: single {
                $0["dataController"] = "SE232100-0017"
            }),
        Mutant(
            rule: "tkb.data-controller-internal", name: "dataController a source-system-internal identity",
            documents: single {
                $0["dataController"] = "DC-4711"
            }),
        Mutant(
            rule: "tkb.data-controller-is-source-system", name: "dataController is the booking system",
            documents: single {
                $0["dataController"] = Generator.sourceSystem
            }),
        Mutant(
            rule: "tkb.past-booking", name: "a booking that started 19 days before the capture",
            documents: single {
                $0["mostRecentContent"] = "20261101100000"
            }),
        Mutant(
            rule: "tkb.past-booking", name: "an update at the patient's arrival, 8 minutes after the start",
            documents: single {
                $0["mostRecentContent"] = "20261120135500"
            }),
        Mutant(
            rule: "tkb.past-booking", name: "mostRecentContent the time of the change (2.0's meaning under 1.1)",
            documents: single {
                $0["mostRecentContent"] = "20261120140259"
            }),
        Mutant(
            rule: "tkb.capture-time-unknown", name: "no timestamp and no --captured-at",
            shapes: Generator.Shape.allCases.filter { !$0.hasTimestamps }, withoutCaptureTime: true,
            documents: single { _ in }),
        Mutant(
            rule: "booking.delete-key-mismatch", name: "delete with another dataController",
            documents: {
                var delete = Engagement.delete("BOOKING-4711")
                delete["dataController"] = "2321000016"
                return [.request([.update("BOOKING-4711")]), .request([delete])]
            }),
        Mutant(
            rule: "booking.delete-key-mismatch", name: "delete whose logicalAddress differs only in case",
            documents: {
                var delete = Engagement.delete("BOOKING-4711")
                delete["logicalAddress"] = Generator.unit.lowercased()
                return [.request([.update("BOOKING-4711")]), .request([delete])]
            }),
        Mutant(
            rule: "booking.key-changed", name: "booking moved to another unit without a delete",
            documents: {
                var moved = Engagement.update("BOOKING-4711")
                moved["logicalAddress"] = Generator.otherUnit
                return [.request([.update("BOOKING-4711")]), .request([moved])]
            }),
        Mutant(
            rule: "booking.delete-unknown", name: "delete of a booking never seen",
            documents: {
                [.request([.delete("BOOKING-9")])]
            }),
        Mutant(
            rule: "booking.order-unknown", name: "a delete in a file without timestamps before its create in a log",
            shapes: Generator.Shape.allCases.filter(\.hasTimestamps),
            extraFiles: [("delete.xml", Array(Generator.soap(.request([.delete("BOOKING-4711")])).utf8))],
            documents: { [.request([.update("BOOKING-4711")])] }),
        Mutant(
            rule: "booking.unchanged-resend", name: "the same request twice",
            documents: {
                [.request([.update("BOOKING-4711")]), .request([.update("BOOKING-4711")])]
            }),
        Mutant(
            rule: "units.not-listed", name: "a unit not in the list",
            documents: single {
                $0["logicalAddress"] = "SE2321000016-1HZ5"
            }),
        Mutant(
            rule: "platform.consumer-differs", name: "the platform saw another consumer",
            shapes: Generator.Shape.allCases.filter(\.carriesConsumer),
            documents: { [.request([.update("BOOKING-4711")], consumer: "SE165567766992-1DL4")] }),
        Mutant(
            rule: "response.error", name: "ResultCode ERROR after the request",
            documents: {
                [
                    .request([.update("BOOKING-4711")]),
                    .response(resultCode: "ERROR", comment: "Invalid logicalAddress"),
                ]
            }),
        Mutant(
            rule: "input.other-source-system", name: "another booking system in the same log",
            documents: {
                var other = Engagement.update("OTHER-1")
                other["sourceSystem"] = "SE2321000016-F835"
                return [.request([.update("BOOKING-4711")]), .request([other], consumer: "SE2321000016-F835")]
            }),
        Mutant(
            rule: "input.no-request", name: "a file without requests beside the capture",
            extraFiles: [("notes.txt", Array("nothing here\n".utf8))], documents: single { _ in }),
        Mutant(
            rule: "input.no-engagement", name: "only a response",
            documents: {
                [.response(resultCode: "OK", comment: "")]
            }),
        Mutant(
            rule: "input.unreadable", name: "a zip archive beside the capture",
            extraFiles: [("capture.zip", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26))],
            documents: single { _ in }),
    ]

    static let cases: [(Mutant, Generator.Shape)] = mutants.flatMap { mutant in
        (mutant.shapes ?? Generator.Shape.allCases).map { (mutant, $0) }
    }

    /// Runs the check over the mutant written in `shape`, with a unit list that holds both units.
    static func check(_ mutant: Mutant, shape: Generator.Shape) throws -> CheckUpdates.Outcome {
        let folder = try TemporaryFolders.make()
        let path = try Generator.write(
            try Generator.capture(mutant.documents(), shape: shape), shape: shape, in: folder)
        var inputs = [path]
        for (name, bytes) in mutant.extraFiles {
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
            inputs.append(folder + "/" + name)
        }
        let units = folder + "-units.csv"
        try "\(Generator.unit);Vårdcentralen Kungsholmen\n\(Generator.otherUnit);Vårdcentralen Farsta\n"
            .write(toFile: units, atomically: false, encoding: .utf8)
        var options = CheckUpdates.Options(
            inputs: inputs, sourceSystem: mutant.selectsSourceSystem ? Generator.sourceSystem : nil,
            // Shapes with timestamps of their own get no --captured-at: the past-booking rule then proves they are read.
            capturedAt: mutant.withoutCaptureTime || shape.hasTimestamps ? nil : Generator.captureBase,
            mask: PersonalDataMask(key: "test"))
        try options.readUnits(from: units)
        return try CheckUpdates.run(options)
    }

    @Test("each mutant gets exactly its rule's finding, the valid captures none", arguments: cases)
    func mutantGetsExactlyItsRule(_ mutant: Mutant, _ shape: Generator.Shape) throws {
        let outcome = try Self.check(mutant, shape: shape)
        let rules = outcome.report.rules.map(\.rule)
        let details = outcome.report.rules.flatMap(\.findings).map { "\($0.rule): \($0.message)" }
        #expect(rules == (mutant.rule.map { [$0] } ?? []), "\(details)")
        let expectedVerdict: ComplianceCheckSummary.Verdict =
            mutant.rule.flatMap { id in ComplianceRule.all.first { $0.id == id } }?.severity == .error ? .fail : .pass
        #expect(outcome.summary.verdict == expectedVerdict)
    }

    @Test func everyRuleHasAMutant() {
        let covered = Set(Self.mutants.compactMap(\.rule))
        #expect(Set(ComplianceRule.all.map(\.id)).subtracting(covered).isEmpty)
    }
}
