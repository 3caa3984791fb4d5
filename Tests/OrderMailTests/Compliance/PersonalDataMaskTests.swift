import Foundation
import Testing
import TestSupport

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
        #expect(FindingMessage.read("libxml2 quoted 19121212-1212").masked(by: Self.mask).hasPrefix("libxml2 quoted personnummer#"))
    }

    @Test func fileAndFolderNamesReachTheReportAsGiven() throws {
        let folder = try TemporaryFolders.make() + "/191212121212"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        var engagement = Generator.Engagement.update("BOOKING-1", personalNumber: "19121212-1212")
        engagement["categorization"] = "Booking"
        let capture = try Generator.capture([.request([engagement])], shape: .logOneLine)
        let path = folder + "/vp-20261121-1403.log"
        try Data(capture).write(to: URL(fileURLWithPath: path))
        let outcome = try CheckUpdates.run(CheckUpdates.Options(inputs: [path], now: Generator.captureBase, mask: Self.mask))
        #expect(outcome.report.filesRead.map(\.file) == [path])
        let findings = outcome.report.rules.flatMap(\.findings)
        #expect(findings.map(\.rule).sorted() == ["schema.resident-identification", "tkb.categorization"])
        #expect(findings.allSatisfy { $0.file == path }, "expected \(path) in \(findings.map(\.file))")
        let resident = try #require(findings.first { $0.field == "registeredResidentIdentification" })
        #expect(resident.value?.hasPrefix("personnummer#") == true, "\(String(describing: resident.value))")
    }
}
