import Foundation
import Testing

/// Ctrl-C and fatal signals during `send`, against an aiosmtpd that stalls: real signals sent with
/// `kill` to the built binary, the outcome read from the ledger with `sqlite3`.
@Suite("ordermail send: interrupted and killed")
struct SendSignalTests {
    /// A `send 1` running in the background, its stderr in a file.
    final class RunningSend {
        let process = Process()
        let stderrPath: String

        init(server: SMTPTestServer, ledger: String, timeout: String = "120") throws {
            stderrPath = try CommandRunner.temporaryDirectory() + "/stderr"
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
            process.arguments = [
                "send", "1", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user,
                "--ca-file", SMTPTestServer.certificate.cert, "--ledger", ledger, "--timeout", timeout,
            ]
            process.environment = CommandRunner.environment(
                SendCommandTests.passwordEnvironment, home: try CommandRunner.temporaryDirectory())
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            try process.run()
        }

        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits for the process to end; a generous bound that only a hang reaches.
        func waitForExit() -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return true
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Waits (generously) until `condition` holds.
    static func wait(_ condition: () throws -> Bool) rethrows {
        let deadline = Date().addingTimeInterval(30)
        while try !condition(), Date() < deadline { usleep(20_000) }
    }

    /// A composed draft, order 1, and a send of it to `server` started in the background; returns
    /// once the send has recorded its attempt.
    static func startSend(to server: SMTPTestServer) throws -> (ledger: String, send: RunningSend) {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let send = try RunningSend(server: server, ledger: ledger)
        try wait { try SendCommandTests.events(ledger).count == 2 }
        #expect(try SendCommandTests.events(ledger) == ["draft|", "sending|"])
        return (ledger, send)
    }

    @Test func ctrlCBeforeTheMessageIsHandedOverRecordsATemporaryFailure() throws {
        let server = try SMTPTestServer(behaviour: "stall-after-greeting")
        let (ledger, send) = try Self.startSend(to: server)
        kill(send.process.processIdentifier, SIGINT)
        #expect(send.waitForExit())
        #expect(send.process.terminationReason == .uncaughtSignal && send.process.terminationStatus == SIGINT)
        #expect(
            try SendCommandTests.events(ledger) == [
                "draft|", "sending|", "failed-temporary|interrupted before the whole message was handed over",
            ])
        #expect(
            send.stderr == """
                ordermail: sending order 1 to e-tjanster@1177.se
                ordermail: send: order 1 to e-tjanster@1177.se: interrupted before the whole message was handed over: \
                nothing was delivered, the order is failed-temporary; send it with: ordermail send 1

                """)
        #expect(try server.received().isEmpty)
    }

    @Test func ctrlCAfterTheMessageIsHandedOverRecordsAnUnknownOutcome() throws {
        let server = try SMTPTestServer(behaviour: "stall-after-data")
        let (ledger, send) = try Self.startSend(to: server)
        try Self.wait { try !server.received().isEmpty }
        #expect(try server.received().count == 1, "the server has the whole message")
        kill(send.process.processIdentifier, SIGINT)
        #expect(send.waitForExit())
        #expect(send.process.terminationReason == .uncaughtSignal && send.process.terminationStatus == SIGINT)
        #expect(
            try SendCommandTests.events(ledger) == [
                "draft|", "sending|", "unknown|interrupted after the whole message was handed over",
            ])
        #expect(
            send.stderr == """
                ordermail: sending order 1 to e-tjanster@1177.se
                ordermail: send: order 1 to e-tjanster@1177.se: interrupted after the whole message was handed over: \
                the server may have the message, the order's outcome is unknown; check with support before 'ordermail send --retry 1'

                """)
    }

    @Test(
        "a fatal signal ends a stalled send, and nothing is recorded after it",
        arguments: [
            SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP,
        ])
    func aFatalSignalEndsTheSend(_ signal: Int32) throws {
        let server = try SMTPTestServer(behaviour: "stall-after-data")
        let (ledger, send) = try Self.startSend(to: server)
        try Self.wait { try !server.received().isEmpty }
        kill(send.process.processIdentifier, signal)
        #expect(send.waitForExit())
        #expect(send.process.terminationReason == .uncaughtSignal && send.process.terminationStatus == signal)
        #expect(try SendCommandTests.events(ledger) == ["draft|", "sending|"])
    }
}

/// A fatal signal during a read ends `check-updates` before it records anything.
@Suite("ordermail check-updates: killed while reading")
struct CheckUpdatesSignalTests {
    @Test func sigquitWhileReadingStandardInputRecordsNoCheck() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let input = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = ["check-updates", "-", "--source-system", "SE2321000016-84GX", "--ledger", ledger]
        process.environment = CommandRunner.environment(home: try CommandRunner.temporaryDirectory())
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        input.fileHandleForWriting.write(
            Data("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\n".utf8))
        // The barrier: the process waits in the kernel for the pipe's next bytes.
        let waitChannel = {
            (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/wchan", encoding: .utf8)) ?? ""
        }
        SendSignalTests.wait { waitChannel() == "anon_pipe_read" }
        #expect(waitChannel() == "anon_pipe_read")
        kill(process.processIdentifier, SIGQUIT)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGQUIT)
        #expect(!FileManager.default.fileExists(atPath: ledger), "nothing was recorded")
    }
}
