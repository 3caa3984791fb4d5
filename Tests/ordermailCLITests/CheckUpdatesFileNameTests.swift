import Foundation
import TestSupport
import Testing

/// File and folder names reach the report exactly as given, however much they look like identity
/// numbers; only values read from inside the requests are masked.
@Suite("check-updates names files as given")
struct CheckUpdatesFileNameTests {
    typealias Row = CheckUpdatesCommandTests.Row

    /// A capture named by its timestamp in a folder named like a valid test identity number, holding
    /// one wrong categorization and one resident identity written with a hyphen (an error whose value
    /// is that number).
    static func capture() throws -> String {
        let folder = try TemporaryFolders.make() + "/191212121212"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let path = folder + "/vp-20261121-1403.log"
        let text = CheckUpdatesCommandTests.logLine([Row(person: "19121212-1212", categorization: "Booking")])
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func theTextReportNamesTheFileAndFolderAsGiven() throws {
        let path = try Self.capture()
        let result = try CheckUpdatesCommandTests.check([path])
        #expect(result.status == 65)
        let report = result.stdoutText
        #expect(report.contains("\(path):1 request 1, engagement 1"), "expected \(path):1 in:\n\(report)")
        #expect(report.contains("files: 1 read"), "\(report)")
        #expect(!report.contains("19121212-1212"), "\(report)")
        #expect(report.contains("personnummer#"), "\(report)")
    }

    @Test func theJSONReportNamesTheFileAsGivenAndMasksTheValue() throws {
        let path = try Self.capture()
        let result = try CheckUpdatesCommandTests.check([path, "--format", "json"])
        #expect(result.status == 65)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let files = try #require(object["filesRead"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == [path])
        let findings = try #require(object["rules"] as? [[String: Any]]).flatMap {
            ($0["findings"] as? [[String: Any]]) ?? []
        }
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0["file"] as? String == path }, "expected \(path) in \(findings)")
        let resident = try #require(findings.first { $0["field"] as? String == "registeredResidentIdentification" })
        #expect((resident["value"] as? String)?.hasPrefix("personnummer#") == true, "\(resident)")
        #expect(!String(decoding: result.stdout, as: UTF8.self).contains("19121212-1212"))
    }
}
