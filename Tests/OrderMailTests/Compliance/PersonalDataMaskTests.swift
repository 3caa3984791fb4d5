import Foundation
import TestSupport
import Testing

@testable import OrderMail

/// What the personal-data mask hides (identity numbers inside values read from requests) and what
/// it never touches (file and folder names, line numbers, the tool's own text).
@Suite("personal-data mask: values only")
struct PersonalDataMaskTests {
    typealias Generator = UpdateCaptureGenerator
    static let mask = PersonalDataMask(key: "k")

    @Test(arguments: [
        ("191212121212", "personnummer#"), ("19121212-1212", "personnummer#"), ("121212-1212", "personnummer#"),
        ("121212+1212", "personnummer#"), ("1212121212", "personnummer#"), ("19900171-2385", "samordningsnummer#"),
        ("199001712385", "samordningsnummer#"), ("19121212T123", "reservnummer#"),
    ])
    func masksEachShapeInsideAValue(number: String, kind: String) {
        let masked = Self.mask.mask("patient \(number) booked")
        #expect(!masked.contains(number), "\(masked)")
        #expect(masked.hasPrefix("patient \(kind)") && masked.hasSuffix(" booked"), "\(masked)")
    }

    @Test func aMessageMasksWhatItReadAndKeepsTheToolsOwnWordsAndNumbers() {
        let value = "191212121212"
        let message: FindingMessage = "line \(1_912_121_212) holds \(value)"
        let shown = message.masked(by: Self.mask)
        #expect(shown.hasPrefix("line 1912121212 holds personnummer#"), "\(shown)")
        #expect(!shown.contains(value))
        let own: FindingMessage = "the tool's own text 19121212-1212"
        #expect(own.masked(by: Self.mask) == "the tool's own text 19121212-1212")
        #expect(
            FindingMessage.read("libxml2 quoted 19121212-1212").masked(by: Self.mask).hasPrefix(
                "libxml2 quoted personnummer#"))
    }

    @Test func fileAndFolderNamesReachTheReportAsGiven() throws {
        let folder = try TemporaryFolders.make() + "/191212121212"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        var engagement = Generator.Engagement.update("BOOKING-1", personalNumber: "19121212-1212")
        engagement["categorization"] = "Booking"
        let capture = try Generator.capture([.request([engagement])], shape: .logOneLine)
        let path = folder + "/vp-20261121-1403.log"
        try Data(capture).write(to: URL(fileURLWithPath: path))
        let outcome = try CheckUpdates.run(
            CheckUpdates.Options(inputs: [path], now: Generator.captureBase, mask: Self.mask))
        #expect(outcome.report.filesRead.map(\.file) == [path])
        let findings = outcome.report.rules.flatMap(\.findings)
        #expect(findings.map(\.rule).sorted() == ["schema.resident-identification", "tkb.categorization"])
        #expect(findings.allSatisfy { $0.file == path }, "expected \(path) in \(findings.map(\.file))")
        let resident = try #require(findings.first { $0.field == "registeredResidentIdentification" })
        #expect(resident.value?.hasPrefix("personnummer#") == true, "\(String(describing: resident.value))")
    }

    /// Shapes the adversarial review planted, each with the digits that must not survive.
    static let plantedShapes: [(text: String, leaks: [String])] = [
        (String(repeating: " ", count: 70) + "780202-9871", ["780202-987", "7802029871"]),
        ("1978020298710", ["780202987"]),
        ("_1978020298710", ["780202987"]),
        ("BOOKING-7802029871-0003", ["780202987"]),
        ("19121212 1212", ["19121212 1212", "1212121212"]),
        ("780202 9871", ["780202 987"]),
        ("780202\u{2013}9871", ["780202\u{2013}987"]),
        ("19780202987;1", ["780202987"]),
        (
            "\u{FF11}\u{FF19}\u{FF17}\u{FF18}\u{FF10}\u{FF12}\u{FF10}\u{FF12}\u{FF19}\u{FF18}\u{FF17}\u{FF11}",
            ["\u{FF17}\u{FF18}\u{FF10}\u{FF12}"]
        ),
        ("22121205KA27", ["22121205KA27"]),
        ("19810829M071", ["19810829M071"]),
        ("19810829SU3A", ["19810829SU3A"]),
        ("pat 19810829su3a", ["19810829su3a"]),
    ]

    @Test(arguments: plantedShapes.indices)
    func masksEveryPlantedShape(_ index: Int) {
        let (text, leaks) = Self.plantedShapes[index]
        let masked = Self.mask.mask(text)
        for leak in leaks { #expect(!masked.contains(leak), "\(text.debugDescription) -> \(masked.debugDescription)") }
        #expect(masked.contains("nummer#"), "\(masked.debugDescription)")
    }

    @Test(arguments: [
        "SE2321000016-84GX", "SE165567766992-1DL4", "232100-0016", "2321000016", "20261201100000", "BOOKING-4711",
        "2026-11-20 14:03:00",
    ])
    func leavesIdsThatAreNoPersonAlone(_ text: String) {
        #expect(Self.mask.mask(text) == text)
    }

    @Test func masksBeforeCuttingAValueTo80Characters() throws {
        var engagement = Generator.Engagement.update(String(repeating: " ", count: 70) + "780202-9871")
        engagement["categorization"] = "Booking"
        let path = try Generator.write(
            try Generator.capture([.request([engagement])], shape: .logOneLine), shape: .logOneLine)
        let outcome = try CheckUpdates.run(CheckUpdates.Options(inputs: [path], mask: Self.mask))
        let finding = try #require(outcome.report.rules.first { $0.rule == "tkb.categorization" }?.findings.first)
        let booking = try #require(finding.booking)
        #expect(!booking.contains("780202") && booking.contains("personnummer#"), "\(booking)")
    }

    @Test func theTimelineMasksItsValues() throws {
        var engagement = Generator.Engagement.update("BOOKING-1")
        engagement["logicalAddress"] = "19121212-1212"
        engagement["mostRecentContent"] = "1912121212"
        let path = try Generator.write(
            try Generator.capture([.request([engagement])], shape: .logOneLine), shape: .logOneLine)
        let outcome = try CheckUpdates.run(
            CheckUpdates.Options(inputs: [path], timelineBooking: "BOOKING-1", mask: Self.mask))
        let entry = try #require(outcome.report.timeline?.first)
        #expect(entry.logicalAddress?.hasPrefix("personnummer#") == true, "\(String(describing: entry.logicalAddress))")
        #expect(
            entry.mostRecentContent?.hasPrefix("personnummer#") == true,
            "\(String(describing: entry.mostRecentContent))")
        #expect(!outcome.report.text.contains("1212121212"))
    }

    @Test func anIdentityNumberAsTheOnlySourceSystemIsNeverRecordedAsTheSystem() throws {
        var engagement = Generator.Engagement.update("BOOKING-1")
        engagement["sourceSystem"] = "19121212-1212"
        let path = try Generator.write(
            try Generator.capture([.request([engagement], consumer: nil)], shape: .logOneLine), shape: .logOneLine)
        let outcome = try CheckUpdates.run(CheckUpdates.Options(inputs: [path], mask: Self.mask))
        #expect(outcome.summary.sourceSystem == "")
        #expect(outcome.summary.sourceSystemForm == "invalid")
        #expect(!String(decoding: try JSONEncoder().encode(outcome.report), as: UTF8.self).contains("1212"))
    }
}
