import Foundation

@testable import OrderMail

/// Paths and pinned values shared by the unit tests.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let templatesDirectory = "\(packageRoot)/Templates"
    static let goldenDirectory = "\(packageRoot)/Tests/OrderMailTests/Golden"

    /// Friday 20 November 2026, 14:03:00 in Stockholm (+0100), and a fixed Message-ID.
    static let pinnedEnvironment = MessageEnvironment(
        now: Date(timeIntervalSince1970: 1_795_179_780),
        timeZone: TimeZone(identifier: "Europe/Stockholm")!,
        makeMessageIDLocalPart: { "20261120140300.golden" })

    static let addressing = Addressing(to: [try! EmailAddress("e-tjanster@1177.se", field: "to")])

    /// A new empty folder in this test run's folder.
    static func temporaryDirectory() throws -> String {
        let path = runDirectory + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// One folder per test process under the system temporary directory, removed when the process exits.
    private static let runDirectory: String = {
        atexit { try? FileManager.default.removeItem(atPath: runDirectory) }
        return NSTemporaryDirectory() + "ordermail-tests-\(getpid())"
    }()
}
