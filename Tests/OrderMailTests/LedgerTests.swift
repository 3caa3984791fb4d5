import Foundation
import Testing

@testable import OrderMail

@Suite("Ledger")
struct LedgerTests {
    static func newLedger() throws -> Ledger {
        let location = LedgerLocation(path: try Fixtures.temporaryDirectory() + "/ledger/ledger.sqlite3")
        return try #require(try Ledger.open(location, create: true))
    }

    static func composed(
        _ environment: String = "qa", hsaID: String = "SE2321000016-84GX"
    ) throws -> (WhitelistingOrder, ComposedMessage) {
        var request = OrderRequestTests.request(environment)
        request.sourceSystem = SourcedValue(hsaID)
        request.complianceConfirmed = true
        let order = try request.validated(today: Fixtures.pinnedEnvironment.today)
        let message = try order.message(
            addressing: Fixtures.addressing, templatesDirectory: Fixtures.templatesDirectory,
            environment: Fixtures.pinnedEnvironment)
        return (order, message)
    }

    @discardableResult
    static func record(
        in ledger: Ledger, _ environment: String = "qa", hsaID: String = "SE2321000016-84GX", event: EventType = .draft,
        at date: Date = Fixtures.pinnedEnvironment.now
    ) throws -> Int64 {
        let (order, message) = try composed(environment, hsaID: hsaID)
        return try ledger.record(
            .whitelisting(order, message: message, addressing: Fixtures.addressing), firstEvent: event, at: date)
    }

    @Test func storesEveryFieldAndTheExactMessage() throws {
        let ledger = try Self.newLedger()
        let (order, message) = try Self.composed()
        let id = try ledger.record(
            .whitelisting(order, message: message, addressing: Fixtures.addressing), firstEvent: .draft,
            at: Fixtures.pinnedEnvironment.now)
        let stored = try #require(try ledger.order(id: id))
        #expect(stored.message == message.bytes)
        #expect(stored.messageSHA256 == SHA256.hex(message.bytes))
        #expect(stored.hsaID == "SE2321000016-84GX" && stored.hsaIDNormalized == "SE2321000016-84GX")
        #expect(stored.environment == "qa" && stored.kind == .whitelisting)
        #expect(stored.systemName == "Cosmic Tidbok" && stored.region == "Region Stockholm")
        #expect(stored.contactEmail == "anna.andersson@regionstockholm.se")
        #expect(stored.recipients == "e-tjanster@1177.se")
        #expect(stored.messageID == message.messageID)
        #expect(stored.createdAt == "2026-11-20T13:03:00Z")
        #expect(stored.toolVersion == OrderMailVersion.current)
        #expect(try ledger.events(ofOrder: id).map(\.type) == [.draft])
    }

    @Test func theStatusIsTheLatestEvent() throws {
        let ledger = try Self.newLedger()
        let id = try ledger.record(
            .whitelisting(try Self.composed().0, message: try Self.composed().1, addressing: Fixtures.addressing),
            events: [EventDraft(type: .sending, attempt: SendingAttempt.current(timeout: 60, now: Date()))], at: Date())
        try ledger.append(EventDraft(type: .sent, detail: "250 OK queued"), toOrder: id, at: Date())
        try ledger.append(EventDraft(type: .confirmed, supportCase: "INC-77", note: "klart"), toOrder: id, at: Date())
        #expect(try ledger.summaries(OrderFilter()).map(\.status) == [.confirmed])
        let events = try ledger.events(ofOrder: id)
        #expect(events.map(\.type) == [.sending, .sent, .confirmed])
        #expect(events[1].detail == "250 OK queued" && events[2].supportCase == "INC-77" && events[2].note == "klart")
    }

    @Test func filtersOrders() throws {
        let ledger = try Self.newLedger()
        let old = Fixtures.pinnedEnvironment.now.addingTimeInterval(-30 * 86_400)
        try Self.record(in: ledger, "qa", event: .sent, at: old)
        try Self.record(in: ledger, "production", hsaID: "SE2321000016-1hz5", event: .sent)
        try Self.record(in: ledger, "qa", hsaID: "SE2321000016-F835")
        var filter = OrderFilter()
        #expect(try ledger.summaries(filter).map(\.id) == [3, 2, 1])
        filter.hsaID = "se2321000016-1HZ5"
        #expect(try ledger.summaries(filter).map(\.id) == [2])
        filter = OrderFilter()
        filter.environment = .qa
        #expect(try ledger.summaries(filter).map(\.id) == [3, 1])
        filter.statuses = [.sent]
        #expect(try ledger.summaries(filter).map(\.id) == [1])
        filter = OrderFilter()
        filter.awaitingSince = DateFormats.timestamp(Fixtures.pinnedEnvironment.now.addingTimeInterval(-14 * 86_400))
        #expect(try ledger.summaries(filter).map(\.id) == [1])
        filter = OrderFilter()
        filter.since = CalendarDate(year: 2026, month: 11, day: 1)
        #expect(try ledger.summaries(filter).map(\.id) == [3, 2])
        filter = OrderFilter()
        filter.until = CalendarDate(year: 2026, month: 10, day: 21)
        #expect(try ledger.summaries(filter).map(\.id) == [1])
        filter = OrderFilter()
        filter.limit = 2
        #expect(try ledger.summaries(filter).map(\.id) == [3, 2])
    }

    @Test func findsTheQAPrecedentOfAProductionOrder() throws {
        let ledger = try Self.newLedger()
        try Self.record(in: ledger, "qa", hsaID: "SE2321000016-84gx", event: .draft)
        let composer = WhitelistingComposer(
            templatesDirectory: Fixtures.templatesDirectory, environment: Fixtures.pinnedEnvironment)
        var request = OrderRequestTests.request("production")
        request.complianceConfirmed = true
        let withoutSentQA = try composer.compose(request, addressing: Fixtures.addressing, ledger: ledger)
        #expect(withoutSentQA.precedent == nil)
        #expect(withoutSentQA.warnings.contains { $0.contains("no QA order for") })

        let id = try Self.record(in: ledger, "qa", hsaID: "SE2321000016-84gx", event: .sent)
        let stored = try #require(try ledger.order(id: id))
        let composition = try composer.compose(request, addressing: Fixtures.addressing, ledger: ledger)
        #expect(composition.precedent?.messageID == stored.messageID)
        #expect(!composition.warnings.contains { $0.contains("QA order") })
        #expect(composition.message.text.body.contains("Message-ID <\(stored.messageID)>"))
    }

    @Test func verifiesAnIntactChainAndMovesTheHead() throws {
        let ledger = try Self.newLedger()
        let empty = try ledger.verify()
        #expect(empty.problem == nil && empty.headHash == Ledger.genesisHash && empty.eventCount == 0)
        let id = try Self.record(in: ledger)
        let first = try ledger.verify()
        try ledger.append(EventDraft(type: .discarded), toOrder: id, at: Date())
        let second = try ledger.verify(expectedHead: first.headHash)
        #expect(second.problem == nil)
        #expect(second.headHash != first.headHash)
        #expect((second.orderCount, second.eventCount) == (1, 2))
        #expect(
            try ledger.verify(expectedHead: String(repeating: "a", count: 64)).problem?.contains("expected head")
                == true)
    }

    @Test func detectsAChangedFieldThroughTheChain() throws {
        let ledger = try Self.newLedger()
        try Self.record(in: ledger)
        try ledger.database.execute("UPDATE orders SET system_name = 'Other' WHERE id = 1")
        #expect(try ledger.verify().problem?.contains("event 1 (order 1)") == true)
    }

    @Test func refusesAFileThatIsNotALedgerAndLeavesItAlone() throws {
        let path = try Fixtures.temporaryDirectory() + "/notes.txt"
        let content = Data(String(repeating: "not a database\n", count: 100).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o600) == 0, "private, so that only its content is wrong")
        #expect {
            try Ledger.open(LedgerLocation(path: path), create: true)
        } throws: { ($0 as? OrderMailError)?.failureClass == .data }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    }

    @Test func refusesALedgerFromANewerSchema() throws {
        let ledger = try Self.newLedger()
        try ledger.database.execute("PRAGMA user_version = 99")
        #expect {
            try Ledger.open(ledger.location, create: false)
        } throws: { error in
            (error as? OrderMailError)?.description.contains("newer ordermail") == true
        }
    }

    @Test func aPersonalLedgerIsPrivate() throws {
        let ledger = try Self.newLedger()
        try Self.record(in: ledger)
        let attributes = { (path: String) in
            try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        }
        #expect(try attributes(ledger.location.directory) == 0o700)
        #expect(try attributes(ledger.location.path) == 0o600)
        #expect(try attributes(ledger.location.path + "-wal") == 0o600)
    }

    @Test func afterClosingTheDatabaseFileAloneIsACompleteCopy() throws {
        var ledger: Ledger? = try Self.newLedger()
        let location = try #require(ledger?.location)
        for _ in 0..<3 { try Self.record(in: try #require(ledger)) }
        ledger = nil
        #expect(!FileManager.default.fileExists(atPath: location.path + "-wal"))
        let copy = LedgerLocation(path: try Fixtures.temporaryDirectory() + "/copy.sqlite3")
        try FileManager.default.copyItem(atPath: location.path, toPath: copy.path)
        let reopened = try #require(try Ledger.open(copy, create: false))
        let verification = try reopened.verify()
        #expect(verification.problem == nil)
        #expect((verification.orderCount, verification.eventCount) == (3, 3))
    }

    @Test(.enabled(if: geteuid() == 0, "skipped when not root: giving a folder to another group needs root"))
    func aTeamFolderGetsGroupWritableFilesOfItsGroup() throws {
        let folder = try Fixtures.temporaryDirectory()
        let teamGroup: gid_t = 50
        #expect(chown(folder, uid_t.max, teamGroup) == 0)
        #expect(chmod(folder, 0o2770) == 0)
        let location = LedgerLocation(path: folder + "/team.sqlite3")
        let ledger = try #require(try Ledger.open(location, create: true))
        try Self.record(in: ledger)
        for path in [location.path, location.path + "-wal", location.path + "-shm"] {
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660, "\(path)")
            #expect(info.st_gid == teamGroup, "\(path)")
        }
    }

    @Test func recognisesNetworkFileSystems() {
        let mounts = """
            /dev/sda1 / ext4 rw 0 0
            server:/export /srv/team nfs4 rw 0 0
            //nas/share /mnt/nas cifs rw 0 0
            /dev/sdb1 /srv/team/local ext4 rw 0 0
            //nas/team /mnt/team\\040share smb3 rw 0 0
            """
        #expect(LedgerLocation.fileSystemType(of: "/srv/team/ledger.sqlite3", mounts: mounts) == "nfs4")
        #expect(LedgerLocation.fileSystemType(of: "/srv/team/local/ledger.sqlite3", mounts: mounts) == "ext4")
        #expect(LedgerLocation.fileSystemType(of: "/mnt/nas/x", mounts: mounts) == "cifs")
        #expect(LedgerLocation.fileSystemType(of: "/srv/teamwork/x", mounts: mounts) == "ext4")
        #expect(LedgerLocation.fileSystemType(of: "/mnt/team share/ledger.sqlite3", mounts: mounts) == "smb3")
    }

    @Test func resolvesTheLocationInTheDocumentedOrder() {
        let environment = ["HOME": "/home/anna", "ORDERMAIL_LEDGER": "/env/ledger"]
        #expect(
            LedgerLocation.resolve(explicit: "/flag", environment: environment, configured: "/conf").path == "/flag")
        #expect(
            LedgerLocation.resolve(explicit: nil, environment: environment, configured: "/conf").path == "/env/ledger")
        #expect(
            LedgerLocation.resolve(explicit: nil, environment: ["HOME": "/home/anna"], configured: "/conf").path
                == "/conf")
        #expect(
            LedgerLocation.resolve(explicit: nil, environment: ["HOME": "/home/anna"], configured: nil).path
                == "/home/anna/.local/share/ordermail/ledger.sqlite3")
        #expect(
            LedgerLocation.resolve(
                explicit: nil, environment: ["HOME": "/h", "XDG_DATA_HOME": "/data"], configured: nil
            ).path
                == "/data/ordermail/ledger.sqlite3")
    }

    @Test func hashesWithSHA256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

@Suite("Ledger transactions")
struct LedgerTransactionTests {
    @Test func writesInOneTransactionLandTogetherOrNotAtAll() throws {
        let ledger = try LedgerTests.newLedger()
        let (order, message) = try LedgerTests.composed()
        let new = NewOrder.whitelisting(order, message: message, addressing: Fixtures.addressing)
        try ledger.inOneTransaction { () throws(OrderMailError) in
            for _ in 0..<3 { try ledger.record(new, firstEvent: .draft, at: Date()) }
        }
        #expect(try ledger.summaries(OrderFilter()).count == 3)
        #expect(throws: OrderMailError.invalidData("stop")) {
            try ledger.inOneTransaction { () throws(OrderMailError) in
                try ledger.record(new, firstEvent: .draft, at: Date())
                throw OrderMailError.invalidData("stop")
            }
        }
        #expect(try ledger.summaries(OrderFilter()).count == 3, "the order recorded before the error was rolled back")
        #expect(try ledger.verify().problem == nil)
    }
}

@Suite("Ledger schema migrations")
struct LedgerMigrationTests {
    /// A ledger that ordermail 0.2 at commit 4f5e7db wrote (schema version 3, events of hash
    /// version 1); Tests/OrderMailTests/LedgerFixtures/README.md says how it was made.
    @Test func aLedgerWrittenBeforeTheLifecycleMigratesVerifiesAndGrows() throws {
        let fixture = Fixtures.ledgerFixture
        let copy = LedgerLocation(path: try Fixtures.temporaryDirectory() + "/old.sqlite3")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy.path)
        // git keeps the fixture 0644; a ledger others may read is refused, so the copy is private.
        #expect(chmod(copy.path, 0o600) == 0)
        let head = try LedgerTests.fixedHead(copy)
        #expect(head == fixture.head)
        let reopened = try #require(try Ledger.open(copy, create: false))
        #expect(
            try reopened.database.query("PRAGMA user_version").first?.first?.integer
                == Int64(LedgerSchema.currentVersion))
        let verification = try reopened.verify(expectedHead: head)
        #expect(verification.problem == nil, "\(verification.problem ?? "")")
        #expect(verification.orderCount == fixture.orders)
        // A new event, of hash version 2, on an old order: the chain still verifies, and the old
        // head is still in it.
        let draft = try #require(try reopened.summaries(OrderFilter()).first { $0.status == .draft })
        try reopened.append(EventDraft(type: .discarded, note: "after the migration"), toOrder: draft.id, at: Date())
        #expect(try reopened.events(ofOrder: draft.id).last?.hashVersion == 2)
        #expect(try reopened.verify(expectedHead: head).problem == nil)
    }

    /// Compliance checks that 23fa994 kept as orders stay where they are: the old anchor verifies
    /// after the migration and after new checks, withdrawals and orders; they are read as checks.
    @Test func checksKeptAsOrdersStayVerifyAndAreReadAsChecks() throws {
        let fixture = Fixtures.checksLedgerFixture
        let copy = LedgerLocation(path: try Fixtures.temporaryDirectory() + "/checks.sqlite3")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy.path)
        #expect(chmod(copy.path, 0o600) == 0)
        let head = try LedgerTests.fixedHead(copy)
        #expect(head == fixture.head)
        let ledger = try #require(try Ledger.open(copy, create: false))
        #expect(try ledger.verify(expectedHead: head).problem == nil)
        #expect(try ledger.summaries(OrderFilter()).map(\.id) == [5, 1], "the register holds no check")
        var checks = try ledger.complianceChecks()
        #expect(checks.map(\.id) == [4, 3, 2])
        #expect(checks.map(\.recordedAsOrder) == [true, true, true])
        #expect(checks.map(\.verdict) == [.pass, .fail, .pass])
        let system = try HSAID("SE2321000016-84GX", policy: .strict(allowTestCatalogue: false))
        #expect(try ledger.latestComplianceCheck(hsaID: system)?.id == 3)

        // Withdrawing the failing check (kept as an order) is a link of the chain; the passing one counts again.
        try ledger.withdrawCheck(id: 3, note: "run on the wrong capture", at: Date())
        #expect(try ledger.latestComplianceCheck(hsaID: system)?.id == 2)
        // A new check gets the next id after every check's, and its own row.
        var new = ComplianceCheckRecord()
        new.checkedAt = DateFormats.timestamp(Date())
        new.ruleSet = "tidbokning-1.1"
        new.ruleSetVersion = 1
        new.sourceSystem = "SE2321000016-84gx"
        new.sourceSystemNormalized = "SE2321000016-84GX"
        new.sourceSystemForm = "national"
        new.logicalAddressList = "SE2321000016-A65H"
        new.inputSHA256 = String(repeating: "a", count: 64)
        new.verdict = .fail
        let recorded = try ledger.recordCheck(new)
        #expect(recorded.id == 5)
        #expect(try ledger.latestComplianceCheck(hsaID: system)?.id == 5)
        try LedgerTests.record(in: ledger, hsaID: "SE2321000016-1HZ5", at: Date())
        let verification = try ledger.verify(expectedHead: head)
        #expect(verification.problem == nil, "\(verification.problem ?? "")")
        #expect(verification.checkCount == 1)
        #expect(verification.eventCount == 7 + 3)
        checks = try ledger.complianceChecks(hsaID: "se2321000016-84GX")
        #expect(checks.map(\.id) == [5, 3, 2])
        #expect(checks[1].withdrawal?.note == "run on the wrong capture")

        // Changing a check row breaks the chain at its event.
        try ledger.database.execute("UPDATE compliance_checks SET verdict = 'pass' WHERE id = 5")
        #expect(try ledger.verify().problem?.contains("compliance check 5") == true)
    }

    @Test func listingFindsTheLatestEventThroughTheIndex() throws {
        let ledger = try LedgerTests.newLedger()
        try LedgerTests.record(in: ledger)
        let plan = try ledger.database.query("EXPLAIN QUERY PLAN " + Ledger.summaryQuery(OrderFilter()).sql)
            .compactMap { $0.last?.text }
        // Each order's latest event is found through the index on (order_id, sequence), never by
        // reading the events table through.
        #expect(plan.contains { $0.contains("events_latest") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN e") }, "\(plan)")
    }
}

extension LedgerTests {
    /// The head hash, read with plain SQL so that no migration runs.
    static func fixedHead(_ location: LedgerLocation) throws -> String {
        let database = try SQLiteDatabase(path: location.path)
        return try database.query("SELECT hash FROM events ORDER BY sequence DESC LIMIT 1").first?.first?.text ?? ""
    }
}

/// A bulk order's units are hashed without a string each: the bytes must stay those of the named
/// text values `unit` = "<id length>:<id><name>", which every older ledger's events cover.
@Suite struct UnitDigestTests {
    @Test func theUnitsDigestIsTheCanonicalFormOfOneTextValuePerUnit() {
        var record = OrderRecord()
        record.kind = .bulkTAK
        record.hsaID = "SE2321000016-F835"
        let units = [
            UnitRecord(hsaID: "SE2321000016-A65H", name: "Vårdcentralen Gärdet"),
            UnitRecord(hsaID: "SE2321000016-1HZ5", name: "Ett; två \"tre\""),
        ]
        let values = OrderRecord.columns.map { ($0.name, $0.value(record)) }
        let expected = SHA256.hex(
            CanonicalForm.encode(
                named: values
                    + units.map {
                        ("unit", SQLValue.text("\($0.hsaID.utf8.count):\($0.hsaID)\($0.name)"))
                    }))
        #expect(record.digest(version: 2, units: units) == expected)
        #expect(record.digest(version: 2, units: []) == SHA256.hex(CanonicalForm.encode(named: values)))
    }
}
