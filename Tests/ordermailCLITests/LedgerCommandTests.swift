import Foundation
import Testing

/// The ledger as a team uses it: through the binary, and with the `sqlite3` tool beside it.
@Suite("ordermail list, show, mark, ledger verify")
struct LedgerCommandTests {
    /// A folder with a ledger path inside it (the ledger itself is not created).
    static func ledgerPath() throws -> String { try CommandRunner.temporaryDirectory() + "/ledger.sqlite3" }

    static func compose(_ ledger: String, _ changes: [String: String] = [:], extra: [String] = []) throws
        -> ProcessResult
    {
        try CommandRunner.ordermail(ComposeCommandTests.arguments(changes, extra: extra + ["--ledger", ledger]))
    }

    static func sqlite(_ ledger: String, _ sql: String) throws -> ProcessResult {
        try CommandRunner.run("/usr/bin/sqlite3", [ledger, sql])
    }

    static func verify(_ ledger: String, _ extra: [String] = []) throws -> ProcessResult {
        try CommandRunner.ordermail(["ledger", "verify", "--ledger", ledger] + extra)
    }

    static func head(_ ledger: String) throws -> String {
        let output = try verify(ledger).stdoutText
        return output.split(separator: "\n").first { $0.hasPrefix("head: ") }.map { String($0.dropFirst(6)) } ?? ""
    }

    @Test func listingAMissingLedgerSaysSoAndCreatesNothing() throws {
        let ledger = try Self.ledgerPath()
        let result = try CommandRunner.ordermail(["list", "--ledger", ledger])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no orders"))
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    @Test func aRefusedOrderLeavesNoTrace() throws {
        let ledger = try Self.ledgerPath()
        #expect(try Self.compose(ledger, ["--hsa-id": "SE2321000017-84GX"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: ledger), "invalid input creates no ledger")
        _ = try Self.compose(ledger)
        let unwritable = try Self.compose(ledger, extra: ["--output", "/nonexistent/order.eml"])
        #expect(unwritable.status == 73)
        #expect(try Self.sqlite(ledger, "SELECT count(*) FROM orders").stdoutText == "1\n", "nothing recorded for it")
    }

    @Test func composeRecordsTheExactBytesItPrinted() throws {
        let ledger = try Self.ledgerPath()
        let composed = try Self.compose(ledger)
        #expect(composed.status == 0)
        #expect(composed.stderr.contains("recorded as order 1"))
        let stored = try CommandRunner.ordermail(["show", "1", "--eml", "--ledger", ledger])
        #expect(stored.stdout == composed.stdout)
        let shown = try CommandRunner.ordermail(["show", "1", "--ledger", ledger]).stdoutText
        #expect(shown.contains("SE2321000016-84GX") && shown.contains("draft") && shown.contains("Cosmic Tidbok"))
        let columns = try Self.sqlite(
            ledger, "SELECT environment, hsa_id_normalized, system_name, length(message) FROM orders")
        #expect(columns.stdoutText == "qa|SE2321000016-84GX|Cosmic Tidbok|\(composed.stdout.count)\n")
    }

    @Test func marksSupportsAnswerAndListsByStatus() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        _ = try Self.compose(ledger, ["--hsa-id": "SE2321000016-F835"])
        let early = try CommandRunner.ordermail(["mark", "1", "confirmed", "--ledger", ledger])
        #expect(early.status == 65, "support cannot answer a draft nobody sent")
        #expect(early.stderr.contains("order 1 is draft"))
        #expect(
            try CommandRunner.ordermail(["mark", "1", "sent", "--note", "from the shared mailbox", "--ledger", ledger])
                .status == 0)
        let marked = try CommandRunner.ordermail([
            "mark", "1", "confirmed", "--case", "INC-1177-42", "--note", "Klart i QA", "--ledger", ledger,
        ])
        #expect(marked.status == 0)
        let confirmed = try CommandRunner.ordermail([
            "list", "--status", "confirmed", "--format", "json", "--ledger", ledger,
        ])
        let rows = confirmed.stdoutText.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(rows.count == 1 && rows.first??["id"] as? Int == 1)
        #expect(try CommandRunner.ordermail(["show", "1", "--ledger", ledger]).stdoutText.contains("case INC-1177-42"))
        let badNote = try CommandRunner.ordermail(["mark", "1", "rejected", "--note", "a\nb", "--ledger", ledger])
        #expect(badNote.status == 64)
        #expect(try CommandRunner.ordermail(["mark", "9", "confirmed", "--ledger", ledger]).status == 65)
    }

    @Test func listsAsATableWithin100ColumnsAndAsCSVThatPythonReads() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger, ["--system-name": String(repeating: "Långt namn; med \"citat\" ", count: 4)])
        let table = try CommandRunner.ordermail(["list", "--ledger", ledger]).stdoutText
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(table.hasPrefix("ID"))
        let csv = try CommandRunner.ordermail(["list", "--format", "csv", "--csv-delimiter", ";", "--ledger", ledger])
        let parsed = try CommandRunner.run(
            "/usr/bin/python3",
            [
                "-c",
                "import csv,sys,io,json; print(json.dumps(list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8-sig'), delimiter=';'))))",
            ],
            input: csv.stdout)
        #expect(csv.stdout.starts(with: [0xEF, 0xBB, 0xBF]), "a ;-separated CSV starts with a UTF-8 BOM for Excel")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout)) as? [[String]])
        #expect(rows.count == 2 && rows[0].first == "order")
        #expect(rows[0].suffix(3) == ["effective_date", "status", "next_step"])
        #expect(
            rows[1][4] == String(repeating: "Långt namn; med \"citat\" ", count: 4).trimmingCharacters(in: .whitespaces)
        )
    }

    @Test func verifyDetectsAChangedField() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        #expect(try Self.verify(ledger).status == 0)
        _ = try Self.sqlite(ledger, "UPDATE orders SET hsa_id = 'SE2321000016-F835' WHERE id = 1")
        let result = try Self.verify(ledger)
        #expect(result.status == 65)
        #expect(result.stderr.contains("event 1 (order 1)"))
    }

    @Test func verifyDetectsAChangedMessage() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        _ = try Self.sqlite(ledger, "UPDATE orders SET message = replace(message, 'Cosmic', 'Kosmik') WHERE id = 1")
        let result = try Self.verify(ledger)
        #expect(result.status == 65 && result.stderr.contains("order 1"))
    }

    @Test func verifyDetectsADeletedRow() throws {
        let ledger = try Self.ledgerPath()
        for _ in 0..<3 { _ = try Self.compose(ledger) }
        _ = try Self.sqlite(ledger, "DELETE FROM events WHERE sequence = 2; DELETE FROM orders WHERE id = 2")
        let result = try Self.verify(ledger)
        #expect(result.status == 65)
        #expect(result.stderr.contains("event 3"))
    }

    @Test func verifyWithTheNotedHeadDetectsDeletedNewestEvents() throws {
        let ledger = try Self.ledgerPath()
        for _ in 0..<3 { _ = try Self.compose(ledger) }
        let head = try Self.head(ledger)
        _ = try Self.sqlite(ledger, "DELETE FROM events WHERE sequence = 3; DELETE FROM orders WHERE id = 3")
        #expect(try Self.verify(ledger).status == 0, "without the noted head, a shorter chain looks whole")
        let result = try Self.verify(ledger, ["--expect-head", head])
        #expect(result.status == 65)
        #expect(result.stderr.contains("newest events were removed"))
    }

    @Test func eightProcessesComposingAtOnceLoseNothing() async throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var failures: Int32 = 0
                    for order in 0..<10 {
                        let result = try Self.compose(ledger, ["--reference": "worker \(worker) order \(order)"])
                        if result.status != 0 { failures += 1 }
                    }
                    return failures
                }
            }
            for try await failures in group { #expect(failures == 0) }
        }
        let count = try Self.sqlite(ledger, "SELECT count(*) FROM orders; SELECT count(DISTINCT reference) FROM orders")
        #expect(count.stdoutText == "81\n80\n")
        let verified = try Self.verify(ledger)
        #expect(verified.status == 0)
        #expect(verified.stdoutText.contains("orders: 81"))
    }

    @Test func aProcessKilledWhileWritingLeavesALedgerThatOpensListsAndVerifies() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        let home = try CommandRunner.temporaryDirectory()
        for attempt in 0..<40 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
            process.arguments = ComposeCommandTests.arguments([:], extra: ["--ledger", ledger])
            process.environment = CommandRunner.environment(home: home)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(2_000 + (attempt % 10) * 2_500))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(try CommandRunner.ordermail(["list", "--ledger", ledger]).status == 0)
        #expect(try Self.verify(ledger).status == 0)
        #expect(try Self.compose(ledger).status == 0)
        #expect(try Self.verify(ledger).status == 0)
    }

    @Test func aFileThatIsNotALedgerIsRefusedAndLeftAlone() throws {
        let path = try Self.ledgerPath()
        let content = Data("id;name\n1;not a ledger\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o600) == 0, "private, so that only its content is wrong")
        for arguments in [["list"], ["ledger", "verify"], ["show", "1"]] {
            let result = try CommandRunner.ordermail(arguments + ["--ledger", path])
            #expect(result.status == 65, "\(arguments)")
            #expect(result.stderr.contains("not an ordermail ledger"))
        }
        #expect(try Self.compose(path).status == 65)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    }

    @Test func aLedgerFromANewerSchemaIsRefused() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        _ = try Self.sqlite(ledger, "PRAGMA user_version = 42")
        let result = try CommandRunner.ordermail(["list", "--ledger", ledger])
        #expect(result.status == 65)
        #expect(result.stderr.contains("newer ordermail"))
    }

    @Test func aLedgerTheUserMayNotReadIsAPermissionError() throws {
        let ledger = try Self.ledgerPath()
        _ = try Self.compose(ledger)
        let folder = URL(fileURLWithPath: ledger).deletingLastPathComponent().path
        #expect(chmod(folder, 0o755) == 0)
        let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.binary]
        let home = try CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(
            asNobody[0], Array(asNobody.dropFirst()) + ["list", "--ledger", ledger],
            environment: CommandRunner.environment(home: home))
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("ordermail: "))
    }
}
