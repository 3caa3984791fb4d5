import Foundation
import Testing

/// `ordermail replies import`, end to end: an order sent to aiosmtpd, support's answer written by
/// Python's email package, and a bounce that Postfix itself made.
@Suite("ordermail replies import")
struct RepliesImportTests {
    static let fixtures = "\(CommandRunner.packageRoot)/Tests/OrderMailTests/MailFixtures"

    /// A reply to `messageID` written by Python's `email` package, as a support desk answers.
    static func reply(to messageID: String, body: String, in folder: String, name: String = "reply.eml") throws
        -> String
    {
        let path = "\(folder)/\(name)"
        let script = """
            import sys
            from email.message import EmailMessage
            from email.utils import make_msgid
            m = EmailMessage()
            m["From"] = "1177 Vårdguidens e-tjänster <e-tjanster@1177.se>"
            m["To"] = "anna.andersson@regionstockholm.se"
            m["Subject"] = "SV: Beställning av vitlistning"
            m["Message-ID"] = make_msgid(domain="1177.se")
            m["In-Reply-To"] = sys.argv[1]
            m["References"] = sys.argv[1]
            m.set_content(sys.argv[2])
            open(sys.argv[3], "wb").write(bytes(m))
            """
        let result = try CommandRunner.run("/usr/bin/python3", ["-c", script, "<\(messageID)>", body, path])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    @Test func aReplyToASentOrderIsRecordedOnceAndShown() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let config = folder + "/config"
        try "case-pattern = (INC|CS)[0-9]{5,}\n".write(toFile: config, atomically: false, encoding: .utf8)
        #expect(chmod(config, 0o600) == 0)
        let sent = try SendCommandTests.send(server, ledger: ledger)
        #expect(sent.status == 0, "\(sent.stderr)")
        let messageID = try #require(sent.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1)
        let reply = try Self.reply(
            to: String(messageID), body: "Hej Anna,\n\nSystemet är vitlistat i QA. Ärende INC0012345.\n", in: folder)

        let imported = try CommandRunner.ordermail(["replies", "import", reply, "--ledger", ledger, "--config", config])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdoutText == "\(reply): order 1: reply, recorded as replied (by Message-ID), case INC0012345\n")
        let again = try CommandRunner.ordermail(["replies", "import", reply, "--ledger", ledger, "--config", config])
        #expect(again.stdoutText == "\(reply): already recorded on order 1\n")
        #expect(
            try LedgerCommandTests.sqlite(ledger, "SELECT count(*) FROM events WHERE type = 'replied'").stdoutText
                == "1\n")

        let awaiting = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        #expect(awaiting.contains("replied") && awaiting.contains("us: mark the answer"), "\(awaiting)")
        let shown = try CommandRunner.ordermail(["show", "1", "--ledger", ledger]).stdoutText
        #expect(shown.contains("Systemet är vitlistat i QA."), "\(shown)")
        #expect(
            try CommandRunner.ordermail(["mark", "1", "confirmed", "--case", "INC0012345", "--ledger", ledger]).status
                == 0)
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    @Test func aBounceMadeByPostfixMarksTheOrderBounced() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        // The order the Postfix testbed bounced, as a register would hold it.
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        let recorded = try CommandRunner.ordermail(
            arguments + [
                "--sent-at", "2026-11-20", "--message-id", "20261120140300.golden@regionstockholm.se", "--ledger",
                ledger,
            ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let imported = try CommandRunner.ordermail([
            "replies", "import", "\(Self.fixtures)/postfix-dsn.eml", "--ledger", ledger,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdoutText.contains("order 1: bounce, recorded as bounced (by Message-ID)"),
            "\(imported.stdoutText)")
        let detail = try LedgerCommandTests.sqlite(ledger, "SELECT detail FROM events WHERE type = 'bounced'")
            .stdoutText
        #expect(detail.contains("failed 5.1.1"), "\(detail)")
        let awaiting = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        #expect(awaiting.contains("us: fix the address, order again"))
        // A bounced order stands in the way of no new order, and can be set aside.
        #expect(try CommandRunner.ordermail(["discard", "1", "--ledger", ledger]).status == 0)
    }

    @Test func unmatchedAndUnreadableMessagesAreReportedAndTheRestImported() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let sent = try SendCommandTests.send(server, ledger: ledger)
        let messageID = try #require(sent.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1)
        let stranger = try Self.reply(
            to: "someone-else@example.org", body: "Fel mottagare.", in: folder, name: "stranger.eml")
        try Data("this is not a mail message at all\n".utf8).write(to: URL(fileURLWithPath: folder + "/broken.eml"))
        let reply = try Self.reply(to: String(messageID), body: "Klart.", in: folder)
        let imported = try CommandRunner.ordermail([
            "replies", "import", stranger, folder + "/broken.eml", reply, "--ledger", ledger,
        ])
        #expect(imported.status == 65)
        let lines = imported.stdoutText.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains("no order"))
        #expect(lines[1].contains("broken.eml") && lines[1].contains("unreadable"))
        #expect(lines[2].contains("order 1: reply, recorded as replied"))
    }
}

/// `ordermail replies fetch`, end to end: an order sent to aiosmtpd, support's reply delivered into
/// Dovecot's Maildir, fetched over IMAP (read-only) and recorded once.
@Suite(
    "ordermail replies fetch",
    .enabled(
        if: DovecotTestServer.canRun,
        "skipped: needs root and /usr/sbin/dovecot (dovecot-imapd) to run Dovecot with its mail user nobody"))
struct RepliesFetchTests {
    @Test func aReplyInTheTeamMailboxIsFetchedAndRecordedOnce() throws {
        let smtp = try SMTPTestServer()
        let imap = try DovecotTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let sent = try SendCommandTests.send(smtp, ledger: ledger)
        #expect(sent.status == 0, "\(sent.stderr)")
        let messageID = try #require(sent.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1)
        let reply =
            "From: 1177 <e-tjanster@1177.se>\r\nTo: anna.andersson@regionstockholm.se\r\nSubject: SV: Beställning\r\n"
            + "Message-ID: <fetched-1@1177.se>\r\nIn-Reply-To: <\(messageID)>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Klart i QA.\r\n"
        let filesBefore = try { () throws -> [String] in
            try imap.deliver(Array(reply.utf8), at: Date())
            return try imap.messageFiles()
        }()
        let config = folder + "/config"
        try """
        imap-url = \(imap.url())
        imap-user = \(DovecotTestServer.user)
        ca-file = \(SMTPTestServer.certificate.cert)
        """.write(toFile: config, atomically: false, encoding: .utf8)
        #expect(chmod(config, 0o600) == 0)
        let environment = ["ORDERMAIL_IMAP_PASSWORD": DovecotTestServer.password]
        let fetched = try CommandRunner.ordermail(
            ["replies", "fetch", "--config", config, "--ledger", ledger], environment: environment)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(
            fetched.stdoutText.contains("order 1: reply, recorded as replied (by Message-ID)"), "\(fetched.stdoutText)")
        // The ledger remembers how far the mailbox was read: the second run downloads nothing old.
        let again = try CommandRunner.ordermail(
            ["replies", "fetch", "--config", config, "--ledger", ledger], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdoutText.isEmpty, "\(again.stdoutText)")
        #expect(
            try LedgerCommandTests.sqlite(ledger, "SELECT count(*) FROM events WHERE type = 'replied'").stdoutText
                == "1\n")
        #expect(try imap.messageFiles() == filesBefore, "nothing in the mailbox was flagged or moved")
    }
}
