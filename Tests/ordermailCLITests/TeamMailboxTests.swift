import Foundation
import Testing

/// The README's setup: orders sent with a copy to the team's shared mailbox, which is also where
/// support's replies are read from (Dovecot over IMAP). Our copies prove sends and answer nothing;
/// only support's own mail moves an order.
@Suite(
    "ordermail replies fetch from a team mailbox holding our own copies",
    .enabled(
        if: DovecotTestServer.canRun,
        "skipped: needs root and /usr/sbin/dovecot (dovecot-imapd) to run Dovecot with its mail user nobody"))
struct TeamMailboxTests {
    static let team = "integration@regionstockholm.se"

    /// Sends an order for `hsaID` in QA with a copy to the team; the Message-ID and the bytes the server stored.
    static func sendWithCopy(_ server: SMTPTestServer, ledger: String, hsaID: String) throws -> (
        status: Int32, messageID: String, copy: [UInt8]
    ) {
        let before = try server.received().count
        let sent = try SendCommandTests.send(
            server, ledger: ledger, changes: ["--hsa-id": hsaID], extra: ["--cc", team])
        let copy = try #require(
            try server.received().dropFirst(before).first?.bytes, "\(sent.stdoutText) \(sent.stderr)")
        let messageID = try #require(String(decoding: copy, as: UTF8.self).firstMatch(of: #/Message-ID: <([^>]+)>/#)?.1)
        return (sent.status, String(messageID), copy)
    }

    static func message(_ headers: [String], body: String) -> [UInt8] {
        Array((headers + ["Content-Type: text/plain; charset=utf-8", "", body, ""]).joined(separator: "\r\n").utf8)
    }

    static func dsn(about messageID: String, status: String = "5.1.1") -> [UInt8] {
        message(
            [
                "From: Mail Delivery System <MAILER-DAEMON@mx1.regionstockholm.se>",
                "To: anna.andersson@regionstockholm.se",
                "Subject: Undelivered Mail Returned to Sender", "Message-ID: <dsn.\(status).\(messageID)>",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"",
            ],
            body: [
                "--R", "Content-Type: text/plain", "", "Your message could not be delivered.",
                "--R", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx1.regionstockholm.se", "",
                "Final-Recipient: rfc822; support@example.org", "Action: failed", "Status: \(status)", "",
                "--R", "Content-Type: text/rfc822-headers", "", "Message-ID: <\(messageID)>", "", "--R--",
            ].joined(separator: "\r\n")
        ).filter { _ in true }
    }

    @Test func ourCopiesProveSendsAndOnlySupportsMailMovesOrders() throws {
        let smtp = try SMTPTestServer()
        let dropping = try SMTPTestServer(behaviour: "drop-after-data")
        let imap = try DovecotTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"

        let answered = try Self.sendWithCopy(smtp, ledger: ledger, hsaID: "SE2321000016-84GX")
        let bounced = try Self.sendWithCopy(smtp, ledger: ledger, hsaID: "SE2321000016-F835")
        let interrupted = try Self.sendWithCopy(dropping, ledger: ledger, hsaID: "SE2321000016-A65H")
        let acknowledged = try Self.sendWithCopy(smtp, ledger: ledger, hsaID: "SE165567766992-1DL4")
        #expect([answered.status, bounced.status, acknowledged.status] == [0, 0, 0])
        #expect(interrupted.status == 74, "the connection dropped after DATA: the outcome is unknown")

        // Exchange Online replaced the interrupted order's Message-ID; support answers that one.
        let exchangeID = "AM0PR01MB9999.eurprd01.prod.outlook.com"
        let exchangeCopy = Array(
            String(decoding: interrupted.copy, as: UTF8.self)
                .replacing("Message-ID: <\(interrupted.messageID)>", with: "Message-ID: <\(exchangeID)>").utf8)
        #expect(exchangeCopy != interrupted.copy)
        let support = "From: 1177 Vårdguidens e-tjänster <e-tjanster@1177.se>"
        let mails: [[UInt8]] = [
            answered.copy, bounced.copy, exchangeCopy, acknowledged.copy,
            Self.message(
                [
                    support, "Subject: SV: Beställning", "Message-ID: <r1@1177.se>",
                    "In-Reply-To: <\(answered.messageID)>",
                ],
                body: "Systemet är vitlistat i QA."),
            Self.dsn(about: bounced.messageID),
            Self.message(
                [support, "Subject: SV: Beställning", "Message-ID: <r3@1177.se>", "In-Reply-To: <\(exchangeID)>"],
                body: "Klart i QA."),
            Self.message(
                [
                    support, "Subject: Ärende CS0012345 har registrerats", "Message-ID: <a4@1177.se>",
                    "In-Reply-To: <\(acknowledged.messageID)>",
                ], body: "Vi återkommer."),
            Self.message(
                [
                    "From: Bo Berg <bo.berg@regionstockholm.se>", "Subject: SV: Beställning",
                    "Message-ID: <c4@regionstockholm.se>",
                    "In-Reply-To: <\(acknowledged.messageID)>", "Cc: \(Self.team)",
                ], body: "Bra, tack! Vitlistat nu?"),
        ]
        for mail in mails { try imap.deliver(mail, at: Date()) }

        let config = folder + "/config"
        try """
        imap-url = \(imap.url())
        imap-user = \(DovecotTestServer.user)
        ca-file = \(SMTPTestServer.certificate.cert)
        region-domains = regionstockholm.se
        case-pattern = (INC|CS)[0-9]{5,}
        """.write(toFile: config, atomically: false, encoding: .utf8)
        #expect(chmod(config, 0o600) == 0)
        let environment = ["ORDERMAIL_IMAP_PASSWORD": DovecotTestServer.password]
        let fetched = try CommandRunner.ordermail(
            ["replies", "fetch", "--config", config, "--ledger", ledger], environment: environment)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let out = fetched.stdoutText
        #expect(out.contains("order 1: our copy (by its Message-ID): nothing recorded\n"), "\(out)")
        #expect(out.contains("order 2: our copy (by its Message-ID): nothing recorded\n"), "\(out)")
        #expect(out.contains("order 2: bounce, recorded as bounced (by Message-ID)"), "\(out)")
        #expect(out.contains("order 3: our copy (by From, Subject and Date), recorded as sent"), "\(out)")
        #expect(out.contains("order 3: reply, recorded as replied (by Message-ID)"), "\(out)")
        #expect(
            out.contains("order 4: acknowledgement, recorded as acknowledged (by Message-ID), case CS0012345"), "\(out)"
        )
        #expect(
            out.contains(
                "order 4: reply, recorded as note (by Message-ID); from the region's own address bo.berg@regionstockholm.se"
            ), "\(out)")

        let statuses = try LedgerCommandTests.sqlite(
            ledger,
            """
            SELECT o.id || ' ' || (SELECT type FROM events WHERE order_id = o.id AND type NOT IN ('note', 'auto-reply') ORDER BY sequence DESC LIMIT 1)
            FROM orders o ORDER BY o.id
            """
        ).stdoutText
        #expect(statuses == "1 replied\n2 bounced\n3 replied\n4 acknowledged\n")
        // Nothing became replied that support did not write.
        let repliedFrom = try LedgerCommandTests.sqlite(
            ledger,
            "SELECT count(*) FROM events WHERE type = 'replied' AND detail LIKE 'from 1177 Vårdguidens e-tjänster <e-tjanster@1177.se>:%'"
        ).stdoutText
        #expect(repliedFrom == "2\n")
        #expect(
            try LedgerCommandTests.sqlite(ledger, "SELECT count(*) FROM events WHERE type = 'replied'").stdoutText
                == "2\n")
        let proof = try LedgerCommandTests.sqlite(
            ledger, "SELECT detail || '|' || server_message_id FROM events WHERE order_id = 3 AND type = 'sent'"
        ).stdoutText
        #expect(proof.hasPrefix("our copy arrived in the team mailbox on "), "\(proof)")
        #expect(proof.hasSuffix("|\(exchangeID)\n"), "\(proof)")

        // A wrongly applied answer is taken back: order 1 waits for support again.
        let undo = try CommandRunner.ordermail([
            "mark", "1", "awaiting", "--note", "that answer was about another system", "--ledger", ledger,
        ])
        #expect(undo.status == 0, "\(undo.stderr)")
        let awaiting = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        let orderOne = try #require(
            awaiting.split(separator: "\n").first { $0.split(separator: " ").first == "1" }, "\(awaiting)")
        #expect(orderOne.contains("awaiting") && orderOne.contains("support"), "\(awaiting)")
        #expect(
            try CommandRunner.ordermail(["mark", "1", "awaiting", "--ledger", ledger]).status == 64,
            "a note is required")
        #expect(try LedgerCommandTests.verify(ledger).status == 0)

        let again = try CommandRunner.ordermail(
            ["replies", "fetch", "--config", config, "--ledger", ledger], environment: environment)
        #expect(!again.stdoutText.contains("recorded as"), "a second fetch records nothing: \(again.stdoutText)")
    }

    @Test func aTemporaryBounceLetsSendIDSendTheSameMessageAgainAndAPermanentOneDoesNot() throws {
        let smtp = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let full = try Self.sendWithCopy(smtp, ledger: ledger, hsaID: "SE2321000016-84GX")
        let unknownUser = try Self.sendWithCopy(smtp, ledger: ledger, hsaID: "SE2321000016-F835")
        let dsnFull = folder + "/full.eml"
        let dsnUnknown = folder + "/unknown.eml"
        try Data(Self.dsn(about: full.messageID, status: "5.2.2")).write(to: URL(fileURLWithPath: dsnFull))
        try Data(Self.dsn(about: unknownUser.messageID, status: "5.1.1")).write(to: URL(fileURLWithPath: dsnUnknown))
        let imported = try CommandRunner.ordermail(["replies", "import", dsnFull, dsnUnknown, "--ledger", ledger])
        #expect(
            imported.stdoutText.contains("order 1: bounce, recorded as bounced-temporary (by Message-ID)"),
            "\(imported.stdoutText)")
        #expect(
            imported.stdoutText.contains("order 2: bounce, recorded as bounced (by Message-ID)"),
            "\(imported.stdoutText)")
        let awaiting = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        #expect(awaiting.contains("us: send again (the bounce was temporary)"), "\(awaiting)")
        #expect(awaiting.contains("us: fix the address, order again"), "\(awaiting)")

        var arguments = [
            "send", "1", "--smtp-url", smtp.url(), "--smtp-user", SMTPTestServer.user, "--ledger", ledger,
            "--ca-file", SMTPTestServer.certificate.cert, "--timeout", "4",
        ]
        let again = try CommandRunner.ordermail(arguments, environment: SendCommandTests.passwordEnvironment)
        #expect(again.status == 0, "\(again.stderr)")
        let resent = try #require(try smtp.received().last?.bytes)
        #expect(
            String(decoding: resent, as: UTF8.self).contains("Message-ID: <\(full.messageID)>"), "the same Message-ID")
        arguments[1] = "2"
        let refused = try CommandRunner.ordermail(arguments, environment: SendCommandTests.passwordEnvironment)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("fix the address"), "\(refused.stderr)")
    }

}

/// `compose --outlook-draft`, sent from Outlook, recorded with `mark ID sent --from-message`.
@Suite("Orders sent from Outlook")
struct OutlookSendTests {
    @Test func anOrderSentFromOutlookIsRecordedFromTheSavedSentMessageAndRepliesToExchangesIDMatch() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let composed = try LedgerCommandTests.compose(
            ledger, extra: ["--outlook-draft", "--output", folder + "/order.eml"])
        #expect(composed.status == 0, "\(composed.stderr)")
        #expect(composed.stderr.contains("ordermail mark 1 sent --from-message"), "\(composed.stderr)")
        #expect(!composed.stderr.contains("ordermail send 1"), "\(composed.stderr)")

        // What Outlook sent: the draft without X-Unsent, under the Message-ID Exchange gave it.
        let draft = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/order.eml")), as: UTF8.self)
        let ours = try #require(draft.firstMatch(of: #/Message-ID: <([^>]+)>/#)?.1)
        let exchangeID = "DB9PR01MB7777.eurprd01.prod.outlook.com"
        let sentCopy = draft.replacing("X-Unsent: 1\r\n", with: "").replacing(
            "Message-ID: <\(ours)>", with: "Message-ID: <\(exchangeID)>")
        try sentCopy.write(toFile: folder + "/sent.eml", atomically: false, encoding: .utf8)
        let other = sentCopy.replacing("Subject: ", with: "Subject: Annat ")
        try other.write(toFile: folder + "/other.eml", atomically: false, encoding: .utf8)

        let wrong = try CommandRunner.ordermail([
            "mark", "1", "sent", "--from-message", folder + "/other.eml", "--ledger", ledger,
        ])
        #expect(wrong.status == 65, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("is not order 1"), "\(wrong.stderr)")
        let marked = try CommandRunner.ordermail([
            "mark", "1", "sent", "--from-message", folder + "/sent.eml", "--ledger", ledger,
        ])
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(
            try LedgerCommandTests.sqlite(
                ledger,
                "SELECT type || '|' || server_message_id FROM events WHERE order_id = 1 ORDER BY sequence DESC LIMIT 1"
            ).stdoutText
                == "sent|\(exchangeID)\n")

        let reply = TeamMailboxTests.message(
            [
                "From: 1177 <e-tjanster@1177.se>", "Subject: SV: Beställning", "Message-ID: <o1@1177.se>",
                "In-Reply-To: <\(exchangeID)>",
            ], body: "Klart.")
        try Data(reply).write(to: URL(fileURLWithPath: folder + "/reply.eml"))
        let imported = try CommandRunner.ordermail(["replies", "import", folder + "/reply.eml", "--ledger", ledger])
        #expect(
            imported.stdoutText.contains("order 1: reply, recorded as replied (by Message-ID)"),
            "\(imported.stdoutText)")
    }
}
