import Foundation
import TestSupport

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

    /// A ledger written by ordermail before schema version 4, with what is known of it.
    static let ledgerFixture = (
        path: "\(packageRoot)/Tests/OrderMailTests/LedgerFixtures/schema3.sqlite3",
        head:
            (try? String(
                contentsOfFile: "\(packageRoot)/Tests/OrderMailTests/LedgerFixtures/schema3.head", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
        orders: 4
    )

    /// A ledger written by ordermail at commit 23fa994 (schema version 5), holding compliance checks
    /// as orders 2 (pass), 3 (fail, same system) and 4 (pass, another system) beside whitelisting
    /// orders 1 and 5; LedgerFixtures/make-schema5-checks-ledger.sh made it.
    static let checksLedgerFixture = (
        path: "\(packageRoot)/Tests/OrderMailTests/LedgerFixtures/schema5-checks.sqlite3",
        head:
            (try? String(
                contentsOfFile: "\(packageRoot)/Tests/OrderMailTests/LedgerFixtures/schema5-checks.head",
                encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    )

    /// A new empty folder, removed with the test run's.
    static func temporaryDirectory() throws -> String { try TemporaryFolders.make() }
}
