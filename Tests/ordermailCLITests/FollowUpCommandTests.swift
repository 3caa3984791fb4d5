import Foundation
import Testing

/// `ordermail follow-up`: a reminder or an answer in the order's thread, sent to aiosmtpd on
/// 127.0.0.1, read back by Python's `email` (policy.default) and the ledger by `sqlite3`.
@Suite("ordermail follow-up")
struct FollowUpCommandTests {
    static let team = "team@regionstockholm.se"

    /// `follow-up ARGUMENTS` through `server` with the test login.
    static func followUp(_ arguments: [String], server: SMTPTestServer, ledger: String) throws -> ProcessResult {
        try CommandRunner.ordermail(
            ["follow-up"] + arguments + [
                "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
                SMTPTestServer.certificate.cert,
                "--ledger", ledger, "--timeout", "4", "--connect-timeout", "2",
            ],
            environment: SendCommandTests.passwordEnvironment)
    }

    static func sql(_ ledger: String, _ query: String) throws -> String {
        try LedgerCommandTests.sqlite(ledger, query).stdoutText
    }

    /// A configuration file that reads case numbers.
    static func config(in folder: String) throws -> String {
        let path = folder + "/config"
        try "case-pattern = (INC|CS)[0-9]{5,}\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o600) == 0)
        return path
    }

    @Test func aReminderAnswersSupportsReceiptInItsThreadAndSupportsReplyToItMatchesTheOrder() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let config = try Self.config(in: folder)
        let sent = try SendCommandTests.send(server, ledger: ledger, extra: ["--cc", Self.team])
        #expect(sent.status == 0, "\(sent.stderr)")
        let orderID = String(try #require(sent.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1))
        let receipt = folder + "/receipt.eml"
        try Data(
            TeamMailboxTests.message(
                [
                    "From: 1177 Vårdguidens e-tjänster <e-tjanster@1177.se>", "To: anna.andersson@regionstockholm.se",
                    "Subject: Ärende CS0012345 har registrerats", "Message-ID: <a1@1177.se>",
                    "In-Reply-To: <\(orderID)>",
                    "References: <\(orderID)>", "Date: Mon, 07 Dec 2026 09:00:00 +0100",
                ], body: "Vi återkommer.")
        ).write(to: URL(fileURLWithPath: receipt))
        let acknowledged = try CommandRunner.ordermail([
            "replies", "import", receipt, "--ledger", ledger, "--config", config,
        ])
        #expect(
            acknowledged.stdoutText.contains("recorded as acknowledged"),
            "\(acknowledged.stdoutText) \(acknowledged.stderr)")

        let reminded = try Self.followUp(["1", "--reminder"], server: server, ledger: ledger)
        #expect(reminded.status == 0, "\(reminded.stderr)")
        let followUpID = String(try #require(reminded.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1))
        #expect(
            reminded.stdoutText.hasPrefix(
                "sent a reminder on order 1 to support@example.org, \(Self.team), Message-ID <"))
        #expect(reminded.stdoutText.contains("in reply to <a1@1177.se>"))

        let received = try server.received()
        #expect(received.count == 2)
        let message = try #require(received.last)
        #expect(message.envelope["rcpt_tos"] as? [String] == ["support@example.org", Self.team])
        let parsed = try MessageInspection.inspect(message.bytes)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.header("Subject") == "SV: Ärende CS0012345 har registrerats")
        #expect(parsed.header("In-Reply-To") == "<a1@1177.se>")
        #expect(parsed.header("References") == "<\(orderID)> <a1@1177.se>")
        #expect(parsed.header("Message-ID") == "<\(followUpID)>")
        #expect(parsed.header("To") == "support@example.org")
        #expect(parsed.header("Cc") == Self.team)
        #expect(parsed.fromAddress == "anna.andersson@regionstockholm.se")
        #expect(parsed.body.contains("Vi skickade beställningen den "), "\(parsed.body)")
        #expect(parsed.body.contains("Ert ärendenummer: CS0012345"), "\(parsed.body)")
        #expect(parsed.body.contains("Vår beställning: <\(orderID)>"), "\(parsed.body)")
        #expect(parsed.longestLine <= 78)

        // The ledger: the attempt with the message, then its outcome; the status stays.
        #expect(
            try Self.sql(
                ledger,
                "SELECT type || '|' || coalesce(note, '') || '|' || coalesce(mail_message_id, '') FROM events WHERE order_id = 1 AND type LIKE 'follow-up%' ORDER BY sequence"
            )
                == "follow-up|reminder|\(followUpID)\nfollow-up-sent||\n")
        let stored = try LedgerCommandTests.sqlite(
            ledger, "SELECT writefile('\(folder)/stored.eml', mail) FROM events WHERE type = 'follow-up'")
        #expect(stored.status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: folder + "/stored.eml")) == Data(message.bytes),
            "the ledger keeps the bytes sent")
        let awaiting = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        #expect(awaiting.contains("acknowledged"), "\(awaiting)")

        // Support answers the reminder: the reply matches the order by the reminder's Message-ID.
        let reply = try RepliesImportTests.reply(
            to: followUpID, body: "Hej Anna,\n\nSystemet är vitlistat i QA.\n", in: folder)
        let imported = try CommandRunner.ordermail(["replies", "import", reply, "--ledger", ledger, "--config", config])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdoutText == "\(reply): order 1: reply, recorded as replied (by Message-ID)\n",
            "\(imported.stdoutText)")
        // Our own copy of the reminder (Cc to the team mailbox) records nothing.
        let copy = folder + "/copy.eml"
        try Data(message.bytes).write(to: URL(fileURLWithPath: copy))
        let ownCopy = try CommandRunner.ordermail(["replies", "import", copy, "--ledger", ledger, "--config", config])
        #expect(ownCopy.stdoutText == "\(copy): already recorded on order 1\n", "\(ownCopy.stdoutText)")
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    @Test func anAnswerToSupportsQuestionThreadsOnTheServersMessageIDAndReturnsTheOrderToAwaiting() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        // Composed in English, sent from Outlook: Exchange gave it another Message-ID.
        let composed = try LedgerCommandTests.compose(
            ledger, ["--language": "en"], extra: ["--to", "support@example.org"])
        #expect(composed.status == 0, "\(composed.stderr)")
        let draft = String(decoding: try SendCommandTests.storedMessage(ledger), as: UTF8.self)
        let ours = String(try #require(draft.firstMatch(of: #/Message-ID: <([^>]+)>/#)?.1))
        let exchangeID = "AM0PR01MB7777.eurprd01.prod.outlook.com"
        let saved = folder + "/sent.eml"
        try draft.replacing("Message-ID: <\(ours)>", with: "Message-ID: <\(exchangeID)>").write(
            toFile: saved, atomically: false, encoding: .utf8)
        #expect(
            try CommandRunner.ordermail(["mark", "1", "sent", "--from-message", saved, "--ledger", ledger]).status == 0)
        #expect(
            try CommandRunner.ordermail([
                "mark", "1", "needs-info", "--note", "support asks for the units", "--ledger", ledger,
            ]).status == 0)

        let answer = folder + "/answer.txt"
        try "The units are:\r\nSE2321000016-A65H Vårdcentral Öst\r\n".write(
            toFile: answer, atomically: false, encoding: .utf8)
        let answered = try Self.followUp(["1", "--answer", "--text-file", answer], server: server, ledger: ledger)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdoutText.contains("in reply to <\(exchangeID)>"), "\(answered.stdoutText)")
        let message = try #require(try server.received().last)
        let parsed = try MessageInspection.inspect(message.bytes)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.header("In-Reply-To") == "<\(exchangeID)>")
        #expect(parsed.header("References") == "<\(ours)> <\(exchangeID)>")
        #expect(
            parsed.header("Subject")?.hasPrefix("Re: Order for whitelisting in 1177 Vårdguidens e-tjänster (QA)")
                == true, "\(parsed.header("Subject") ?? "")")
        #expect(parsed.body.contains("The units are:\nSE2321000016-A65H Vårdcentral Öst\n"), "\(parsed.body)")
        #expect(parsed.body.hasPrefix("Hello,"), "\(parsed.body)")
        #expect(
            try SendCommandTests.events(ledger).map { $0.split(separator: "|").first.map(String.init) ?? "" }
                == ["draft", "sent", "needs-info", "follow-up", "follow-up-sent", "awaiting"])
        let listed = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        #expect(listed.contains("awaiting") && listed.contains("support"), "\(listed)")
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    @Test func everyLocalCheckRunsBeforeAnythingIsRecordedOrSent() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let draft = try Self.followUp(["1", "--reminder"], server: server, ledger: ledger)
        #expect(draft.status == 65, "\(draft.stderr)")
        #expect(draft.stderr == "ordermail: order 1 is draft, never delivered: send it with 'ordermail send 1'\n")
        let both = try Self.followUp(["1", "--reminder", "--answer"], server: server, ledger: ledger)
        #expect(both.status == 64)
        let noText = try Self.followUp(["1", "--answer"], server: server, ledger: ledger)
        #expect(noText.status == 64)
        #expect(
            noText.stderr.hasPrefix("ordermail: --text-file: --answer needs the answer's text in a file"),
            "\(noText.stderr)")
        #expect(
            try CommandRunner.ordermail(["mark", "1", "sent", "--note", "from Outlook", "--ledger", ledger]).status == 0
        )
        let missing = try Self.followUp(
            ["1", "--answer", "--text-file", folder + "/none.txt"], server: server, ledger: ledger)
        #expect(missing.status == 66, "\(missing.stderr)")
        let empty = folder + "/empty.txt"
        try "\n \n".write(toFile: empty, atomically: false, encoding: .utf8)
        let blank = try Self.followUp(["1", "--answer", "--text-file", empty], server: server, ledger: ledger)
        #expect(blank.status == 65, "\(blank.stderr)")
        #expect(server.ehloNames().isEmpty, "nothing connected to the server")
        #expect(try SendCommandTests.events(ledger).count == 2)
    }

    @Test func aFollowUpWhoseOutcomeIsUnknownStopsTheNextUntilForced() throws {
        let server = try SMTPTestServer()
        let dropping = try SMTPTestServer(behaviour: "drop-after-data")
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try SendCommandTests.send(server, ledger: ledger).status == 0)
        let lost = try Self.followUp(["1", "--reminder"], server: dropping, ledger: ledger)
        #expect(lost.status == 74, "\(lost.stderr)")
        #expect(try SendCommandTests.events(ledger).last?.hasPrefix("follow-up-unknown|") == true)
        let again = try Self.followUp(["1", "--reminder"], server: server, ledger: ledger)
        #expect(again.status == 65, "\(again.stderr)")
        #expect(
            again.stderr.contains("is unknown, support may have it") && again.stderr.contains("--force"),
            "\(again.stderr)")
        #expect(try server.received().count == 1, "only the order itself")
        let forced = try Self.followUp(["1", "--reminder", "--force"], server: server, ledger: ledger)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try server.received().count == 2)
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    @Test func listAwaitingWithDaysEndsWithTheReminderToSendForOrdersLongWaitingForSupport() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        // Order 1: recorded as sent on 2025-03-01, long waiting; order 2: sent now; order 3: needs-info
        // long ago (it waits for us, so no reminder).
        #expect(try CommandRunner.ordermail(arguments + ["--sent-at", "2025-03-01", "--ledger", ledger]).status == 0)
        #expect(
            try SendCommandTests.send(server, ledger: ledger, changes: ["--hsa-id": "SE2321000016-F835"]).status == 0)
        var third = ComposeCommandTests.arguments(["--hsa-id": "SE2321000016-A65H"])
        third[0] = "record"
        let needsInfo = try CommandRunner.ordermail(
            third + ["--sent-at", "2025-03-01", "--status", "needs-info", "--ledger", ledger])
        #expect(needsInfo.status == 0, "\(needsInfo.stderr)")
        let listed = try CommandRunner.ordermail(["list", "--awaiting", "--days", "14", "--ledger", ledger])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(
            listed.stdoutText.hasSuffix(
                "\n\n1 order has waited 14 days or more for support; remind them with:\n  ordermail follow-up 1 --reminder\n"
            ), "\(listed.stdoutText)")
        let rows = listed.stdoutText.split(separator: "\n\n")[0].split(separator: "\n").filter {
            $0.first?.isNumber == true
        }.map { $0.split(separator: " ").first ?? "" }
        #expect(rows == ["3", "1"], "\(listed.stdoutText)")
        // Without --days, and in JSON, nothing is added.
        #expect(
            !(try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText.contains("follow-up")))
        #expect(
            !(try CommandRunner.ordermail([
                "list", "--awaiting", "--days", "14", "--format", "json", "--ledger", ledger,
            ]).stdoutText.contains("follow-up")))
    }
}
