import Foundation
import Testing

/// A send that is exactly the reviewed draft, and an order's life that can be trusted: each test
/// reproduces a defect found on 4f5e7db, against aiosmtpd on 127.0.0.1 and the real `sqlite3` tool.
@Suite("ordermail send: one safe send, an honest lifecycle")
struct SendLifecycleTests {
    /// `ordermail send ARGUMENTS` to `server` with the test login.
    static func send(_ arguments: [String], server: SMTPTestServer, ledger: String, extra: [String] = []) throws
        -> ProcessResult
    {
        try CommandRunner.ordermail(
            ["send"] + arguments + [
                "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
                SMTPTestServer.certificate.cert,
                "--ledger", ledger, "--timeout", "4", "--connect-timeout", "2",
            ] + extra,
            environment: SendCommandTests.passwordEnvironment)
    }

    /// The sample order's flags, without a subcommand.
    static var orderFlags: [String] { Array(ComposeCommandTests.arguments([:]).dropFirst()) }

    static func count(_ ledger: String, _ sql: String) throws -> String {
        try LedgerCommandTests.sqlite(ledger, sql).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(
        "a stored order refuses every flag that would change it",
        arguments: [
            ["--to", "someone@example.org"], ["--cc", "team@regionstockholm.se"],
            ["--from", "relay@regionstockholm.se"],
            ["--language", "en"], ["--system-name", "Other"], ["--templates", "/tmp"],
        ])
    func aStoredOrderRefusesFlagsThatWouldChangeIt(_ flags: [String]) throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let result = try Self.send(["1"] + flags, server: server, ledger: ledger)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("ordermail: \(flags[0]): order 1 is sent as stored"), "\(result.stderr)")
        #expect(try server.received().isEmpty)
        #expect(try SendCommandTests.events(ledger) == ["draft|"])
    }

    @Test func aBulkTAKOrderIsNeverSentByEmail() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        try Data("SE2321000016-A65H;Vårdcentral Öst\n".utf8).write(to: URL(fileURLWithPath: folder + "/units.csv"))
        let written = try CommandRunner.ordermail([
            "bulk-tak", "--platform", "NTJP-QA", "--producer-hsa-id", "SE2321000016-F835", "--producer-name",
            "Region Stockholm",
            "--contract", "ProcessRequest=https://remiss.example.se/ProcessRequest", "--units", folder + "/units.csv",
            "--output-dir", folder + "/orders", "--executor", "Region Stockholm", "--ledger", ledger,
        ])
        #expect(written.status == 0, "\(written.stderr)")
        let result = try Self.send(["1"], server: server, ledger: ledger)
        #expect(result.status == 65)
        #expect(result.stderr.contains("web form") && result.stderr.contains("mark 1 submitted"))
        #expect(server.ehloNames().isEmpty, "nothing connected to the server")
        #expect(try SendCommandTests.events(ledger) == ["draft|"])
    }

    @Test func aConfiguredUserWithoutALoginIsAnError() throws {
        let server = try SMTPTestServer(authentication: false, behaviour: "no-auth")
        let ledger = try LedgerCommandTests.ledgerPath()
        let check = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
                SMTPTestServer.certificate.cert, "--from", "ordermail@regionstockholm.se",
            ],
            environment: SendCommandTests.passwordEnvironment)
        #expect(check.status == 77, "\(check.stderr)")
        #expect(check.stdout.isEmpty)
        #expect(check.stderr.contains("no login took place") && check.stderr.contains("offered: none"))
        let arguments = Self.orderFlags
        let sent = try Self.send(arguments, server: server, ledger: ledger)
        #expect(sent.status == 77, "\(sent.stderr)")
        #expect(try server.received().isEmpty, "nothing goes out unauthenticated")
        #expect(
            try SendCommandTests.events(ledger).last
                == "failed-permanent|no login took place although smtp-user is set: the server offers no AUTH mechanism ours can use (offered: none)"
        )
    }

    @Test func exchangesSendAsRefusalNamesTheFix() throws {
        let server = try SMTPTestServer(behaviour: "send-as-denied")
        let ledger = try LedgerCommandTests.ledgerPath()
        let arguments = Self.orderFlags
        let sent = try Self.send(arguments, server: server, ledger: ledger)
        #expect(sent.status == 77, "\(sent.stderr)")
        #expect(sent.stderr.contains("Send As rights"))
    }

    @Test func aSendWhoseProcessWasKilledIsUnknownAndCanBeRetried() throws {
        let stalling = try SMTPTestServer(behaviour: "stall-after-data")
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = [
            "send", "1", "--smtp-url", stalling.url(), "--smtp-user", SMTPTestServer.user,
            "--ca-file", SMTPTestServer.certificate.cert, "--ledger", ledger, "--timeout", "60",
        ]
        process.environment = CommandRunner.environment(
            SendCommandTests.passwordEnvironment, home: try CommandRunner.temporaryDirectory())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while try stalling.received().isEmpty, Date() < deadline { usleep(50_000) }
        #expect(try stalling.received().count == 1, "the server has the whole message")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try SendCommandTests.events(ledger) == ["draft|", "sending|"])

        let listed = try CommandRunner.ordermail(["list", "--format", "csv", "--ledger", ledger]).stdoutText
        #expect(listed.contains(",unknown,"), "\(listed)")
        let server = try SMTPTestServer()
        let again = try Self.send(["1"], server: server, ledger: ledger)
        #expect(again.status == 65)
        #expect(again.stderr.contains("ordermail send --retry 1"))
        let arguments = Self.orderFlags
        let fresh = try Self.send(arguments, server: server, ledger: ledger)
        #expect(fresh.status == 65, "a new order for the same system waits for the unknown one")
        #expect(fresh.stderr.contains("order 1") && fresh.stderr.contains("unknown"))
        let retried = try Self.send(["--retry", "1"], server: server, ledger: ledger)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(try server.received().first?.bytes == (try stalling.received().first?.bytes))
        #expect(try Self.count(ledger, "SELECT count(*) FROM orders") == "1")
    }

    @Test func onceAPasswordIsReadTheProcessCannotDumpCore() throws {
        let stalling = try SMTPTestServer(behaviour: "stall-after-greeting")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = [
            "config", "check", "--smtp-url", stalling.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
            SMTPTestServer.certificate.cert, "--ehlo-domain", "regionstockholm.se", "--timeout", "20",
        ]
        process.environment = CommandRunner.environment(
            SendCommandTests.passwordEnvironment, home: try CommandRunner.temporaryDirectory())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The password is read before the connection; the server then stalls, so the process waits.
        let coreLimit = { () -> String in
            let limits =
                (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
            return String(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? "")
        }
        let deadline = Date().addingTimeInterval(10)
        while coreLimit().split(separator: " ").dropFirst(5).first != "0", Date() < deadline { usleep(50_000) }
        let core = coreLimit()
        // Soft and hard limit both 0 (the hard limit is what a process could raise again).
        #expect(Array(core.split(separator: " ").dropFirst(4)) == ["0", "0", "bytes"], "\(core)")
    }

    /// Both sends start while `sqlite3` holds the ledger's write lock, and are let go only once each
    /// has said it waits for it: their attempts overlap for certain, and one message goes out. The
    /// server holds its reply to DATA until the refused send has ended, so the refusal is certain too.
    @Test func twoSendsOfOneDraftAtOnceDeliverOneMessage() throws {
        let server = try SMTPTestServer(behaviour: "hold-after-data")
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let lock = try LedgerLock(ledger)
        defer { lock.release() }
        let sends = try (0..<2).map { _ in
            try SendSignalTests.RunningSend(server: server, ledger: ledger, timeout: "4")
        }
        let note = "ordermail: waiting for the ledger: another ordermail is writing it\n"
        SendSignalTests.wait { sends.allSatisfy { $0.stderr.contains(note) } }
        #expect(sends.allSatisfy { $0.stderr == note }, "\(sends.map(\.stderr))")
        lock.release()
        SendSignalTests.wait { sends.contains { !$0.process.isRunning } }
        let refused = try #require(sends.first { !$0.process.isRunning })
        #expect(refused.waitForExit() && refused.process.terminationStatus == 65)
        #expect(refused.stderr == note + "ordermail: order 1 is being sent now\n")
        server.releaseHeldReplies()
        #expect(sends.allSatisfy { $0.waitForExit() })
        #expect(sends.map(\.process.terminationStatus).sorted() == [0, 65])
        #expect(try server.received().count == 1)
        #expect(try SendCommandTests.events(ledger) == ["draft|", "sending|", "sent|250 2.0.0 Ok: queued as test-1"])
    }

    /// `mark 1 sent` while `send 1` waits for the server's reply to DATA: refused, and the send then
    /// records its own outcome with the server's reply.
    @Test func markRefusesEveryEventWhileAnotherProcessSendsTheOrder() throws {
        let server = try SMTPTestServer(behaviour: "hold-after-data")
        let (ledger, send) = try SendSignalTests.startSend(to: server)
        try SendSignalTests.wait { try !server.received().isEmpty }
        for mark in [["sent", "--note", "from Outlook"], ["confirmed"], ["rejected"]] {
            let marked = try CommandRunner.ordermail(["mark", "1"] + mark + ["--ledger", ledger])
            #expect(marked.status == 65)
            #expect(
                marked.stderr.hasPrefix(
                    "ordermail: order 1 is being sent now by process \(send.process.processIdentifier) on "))
            #expect(
                marked.stderr.hasSuffix(
                    ": \(mark[0]) cannot be recorded until that send ends and records its outcome\n"))
        }
        server.releaseHeldReplies()
        #expect(send.waitForExit() && send.process.terminationStatus == 0)
        #expect(try SendCommandTests.events(ledger) == ["draft|", "sending|", "sent|250 2.0.0 Ok: queued as test-1"])
    }

    @Test func aDraftWithAnEditedBodyIsNotSent() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        _ = try LedgerCommandTests.sqlite(
            ledger, "UPDATE orders SET message = CAST(replace(CAST(message AS TEXT), 'Cosmic', 'Kosmos') AS BLOB)")
        let result = try Self.send(["1"], server: server, ledger: ledger)
        #expect(result.status == 65)
        #expect(result.stderr.contains("ordermail ledger verify"))
        #expect(try server.received().isEmpty)
    }

    @Test func aDraftWithAddedRecipientsIsNotSentEvenWithItsDigestRecomputed() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let stored = try SendCommandTests.storedMessage(ledger)
        let tampered = Array("Bcc: eve@example.org\r\n".utf8) + stored
        let digest = try CommandRunner.run("/usr/bin/sha256sum", [], input: tampered).stdoutText.prefix(64)
        let hex = tampered.map { String(format: "%02X", $0) }.joined()
        _ = try LedgerCommandTests.sqlite(
            ledger,
            "UPDATE orders SET message = X'\(hex)', message_sha256 = '\(digest)', recipients = recipients || ', eve@example.org'"
        )
        let result = try Self.send(["1"], server: server, ledger: ledger)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("ordermail ledger verify"))
        #expect(try server.received().isEmpty)
    }

    @Test func theOutlookMarkerIsOnlyInTheWrittenFile() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let composed = try LedgerCommandTests.compose(
            ledger, extra: ["--outlook-draft", "--output", folder + "/order.eml"])
        #expect(composed.status == 0, "\(composed.stderr)")
        let file = try Data(contentsOf: URL(fileURLWithPath: folder + "/order.eml"))
        #expect(file.starts(with: Data("X-Unsent: 1\r\n".utf8)))
        #expect(!String(decoding: try SendCommandTests.storedMessage(ledger), as: UTF8.self).contains("X-Unsent"))
        #expect(try Self.send(["1"], server: server, ledger: ledger).status == 0)
        #expect(!String(decoding: try #require(try server.received().first).bytes, as: UTF8.self).contains("X-Unsent"))
    }

    @Test func localProblemsAreFoundBeforeAnythingIsRecorded() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let arguments = Self.orderFlags
        let missing = try CommandRunner.ordermail(
            ["send"] + arguments + [
                "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file", "/nonexistent/ca.pem",
                "--ledger", ledger,
            ],
            environment: SendCommandTests.passwordEnvironment)
        #expect(missing.status == 66, "\(missing.stderr)")
        #expect(missing.stderr.contains("--ca-file /nonexistent/ca.pem"))
        #expect(!FileManager.default.fileExists(atPath: ledger), "nothing was recorded")
        let shortTimeout = try CommandRunner.ordermail(
            ["send"] + arguments + [
                "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
                SMTPTestServer.certificate.cert, "--ledger", ledger, "--timeout", "10",
            ],
            environment: SendCommandTests.passwordEnvironment)
        #expect(shortTimeout.status == 0, "--timeout 10 alone works: \(shortTimeout.stderr)")
        let contradictory = try Self.send(
            ["--force"] + arguments, server: server, ledger: ledger, extra: ["--connect-timeout", "20"])
        #expect(contradictory.status == 64)
        #expect(
            contradictory.stderr.split(separator: "\n").last?.hasPrefix(
                "ordermail: --connect-timeout: must be at most the timeout") == true, "\(contradictory.stderr)")
        #expect(try Self.count(ledger, "SELECT count(*) FROM orders") == "1")
    }

    @Test(
        "an EHLO name that is not a domain is refused before anything is recorded",
        arguments: [
            "regionstockholm.se\r\nMAIL FROM:<x@example.org>", "x.se/../y", "", "-bad.example.org",
        ])
    func aBadEHLONameIsRefused(_ name: String) throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(Self.orderFlags, server: server, ledger: ledger, extra: ["--ehlo-domain", name])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("ordermail: --ehlo-domain: "))
        #expect(!FileManager.default.fileExists(atPath: ledger))
        #expect(server.ehloNames().isEmpty)
    }

    @Test func aRerunAfterAFailureMakesNoSecondOrder() throws {
        let failing = try SMTPTestServer(behaviour: "data-451")
        let ledger = try LedgerCommandTests.ledgerPath()
        let arguments = Self.orderFlags
        let first = try Self.send(arguments, server: failing, ledger: ledger)
        #expect(first.status == 75)
        #expect(first.stderr.contains("ordermail send 1"), "a temporary failure prints the retry command")
        let rerun = try Self.send(arguments, server: failing, ledger: ledger)
        #expect(rerun.status == 65)
        #expect(rerun.stderr.contains("ordermail send --retry 1") && rerun.stderr.contains("ordermail discard 1"))
        #expect(try Self.count(ledger, "SELECT count(*) FROM orders") == "1")

        #expect(
            try CommandRunner.ordermail(["discard", "1", "--note", "wrong server", "--ledger", ledger]).status == 0)
        #expect(try CommandRunner.ordermail(["list", "--ledger", ledger]).stdoutText == "no orders\n")
        #expect(try CommandRunner.ordermail(["list", "--all", "--ledger", ledger]).stdoutText.contains("discarded"))
        let server = try SMTPTestServer()
        #expect(try Self.send(arguments, server: server, ledger: ledger).status == 0)
        #expect(try Self.count(ledger, "SELECT count(*) FROM orders") == "2")
        #expect(
            try CommandRunner.ordermail(["discard", "2", "--ledger", ledger]).status == 65,
            "a sent order is not discarded")
    }
}

/// The ledger's write lock, held by the `sqlite3` tool (`BEGIN IMMEDIATE`) until released.
final class LedgerLock {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var released = false

    init(_ ledger: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [ledger]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\n.print locked\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            seen += chunk
        }
    }

    /// Commits (nothing was written) and ends `sqlite3`.
    func release() {
        guard !released else { return }
        released = true
        input.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
