import Foundation
import TestSupport
import Testing

/// The per-user witness against a team member who can write the ledger: what a user has seen cannot
/// be cut or recomputed unnoticed; what no user has read yet can.
@Suite("ledger witness")
struct LedgerWitnessTests {
    /// `ordermail ARGUMENTS` as the user whose home (and witness) is `home`.
    static func run(_ arguments: [String], home: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try CommandRunner.ordermail(arguments, environment: environment, home: home)
    }

    static func sendStored(_ server: SMTPTestServer, ledger: String, home: String) throws -> ProcessResult {
        try run(
            [
                "send", "1", "--ledger", ledger, "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user,
                "--ca-file",
                SMTPTestServer.certificate.cert, "--timeout", "4", "--connect-timeout", "2",
            ],
            home: home, environment: SendCommandTests.passwordEnvironment)
    }

    @Test func deletingTheNewestEventsIsCaughtAndTheOrderIsNotSentAgain() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let home = try CommandRunner.temporaryDirectory()
        #expect(
            try Self.run(
                ComposeCommandTests.arguments([:], extra: ["--ledger", ledger, "--to", "support@example.org"]),
                home: home
            ).status == 0)
        let sent = try Self.sendStored(server, ledger: ledger, home: home)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try server.received().count == 1)
        // A team member removes `sending` and `sent`: the chain that is left is intact.
        #expect(try LedgerCommandTests.sqlite(ledger, "DELETE FROM events WHERE sequence > 1").status == 0)
        #expect(
            try LedgerCommandTests.verify(ledger).status == 0, "a user who never read the ledger sees nothing wrong")

        let again = try Self.sendStored(server, ledger: ledger, home: home)
        #expect(again.status == 65)
        #expect(
            again.stderr
                == "ordermail: ledger: \(ledger): events you saw are gone (sequence 3): run ordermail ledger verify\n")
        #expect(try server.received().count == 1, "the order was not sent a second time")
        let verified = try Self.run(["ledger", "verify", "--ledger", ledger], home: home)
        #expect(verified.status == 65)
        #expect(verified.stderr.contains("events you saw are gone (sequence 3)"), "\(verified.stderr)")
        #expect(try Self.run(["list", "--ledger", ledger], home: home).status == 65, "reading is refused too")
    }

    @Test func aRecomputedChainWithAnotherRecipientIsCaught() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let home = try CommandRunner.temporaryDirectory()
        let compose = ComposeCommandTests.arguments([:], extra: ["--ledger", ledger, "--to", "support@example.org"])
        #expect(try Self.run(compose, home: home).status == 0)
        // Another team member replaces the draft with one to another address; ordermail itself
        // recomputes a chain that verifies.
        #expect(
            try LedgerCommandTests.sqlite(ledger, "DELETE FROM events; DELETE FROM order_units; DELETE FROM orders;")
                .status == 0)
        let forged = ComposeCommandTests.arguments([:], extra: ["--ledger", ledger, "--to", "someone@example.net"])
        #expect(try CommandRunner.ordermail(forged).status == 0)
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
        #expect(
            try LedgerCommandTests.sqlite(ledger, "SELECT recipients FROM orders").stdoutText.contains(
                "someone@example.net"))

        let send = try Self.sendStored(server, ledger: ledger, home: home)
        #expect(send.status == 65)
        #expect(
            send.stderr
                == "ordermail: ledger: \(ledger): events you saw were changed (sequence 1): run ordermail ledger verify\n"
        )
        #expect(try server.received().isEmpty)
    }

    @Test func theWitnessIsTheUsersOwnFileAndFollowsTheLedgerForward() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        let home = try CommandRunner.temporaryDirectory()
        #expect(try Self.run(ComposeCommandTests.arguments([:], extra: ["--ledger", ledger]), home: home).status == 0)
        #expect(
            try Self.run(["mark", "1", "sent", "--note", "from the shared mailbox", "--ledger", ledger], home: home)
                .status == 0)
        let folder = "\(home)/.local/state/ordermail"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1)
        let file = "\(folder)/\(files[0])"
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("head 2 \(try LedgerCommandTests.head(ledger))"), "\(text)")
        // XDG_STATE_HOME wins over HOME.
        let state = try CommandRunner.temporaryDirectory()
        #expect(
            try Self.run(["list", "--ledger", ledger], home: home, environment: ["XDG_STATE_HOME": state]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(state)/ordermail").count == 1)
    }

    @Test func sendPrintsTheRecipientsBeforeItConnects() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        let home = try CommandRunner.temporaryDirectory()
        #expect(
            try Self.run(
                ComposeCommandTests.arguments(
                    [:], extra: ["--ledger", ledger, "--to", "support@example.org", "--cc", "team@regionstockholm.se"]),
                home: home
            ).status == 0)
        let closed = try #require(BoundPort())
        let send = try Self.run(
            [
                "send", "1", "--ledger", ledger, "--smtp-url", "smtp://127.0.0.1:\(closed.port)", "--smtp-user",
                SMTPTestServer.user,
                "--timeout", "4", "--connect-timeout", "2",
            ],
            home: home, environment: SendCommandTests.passwordEnvironment)
        #expect(send.status != 0)
        let lines = send.stderr.split(separator: "\n")
        #expect(
            lines.first == "ordermail: sending order 1 to support@example.org, team@regionstockholm.se",
            "\(send.stderr)")
    }
}
