import Foundation
import Testing

/// The order's life as a team records it: orders placed by hand, support's answers, who did what,
/// and the register views (`show`, `list --awaiting`, CSV for Excel).
@Suite("ordermail record, mark, show, list: the lifecycle")
struct LifecycleCommandTests {
    static func run(_ arguments: [String], ledger: String, environment: [String: String] = [:]) throws -> ProcessResult
    {
        try CommandRunner.ordermail(arguments + ["--ledger", ledger], environment: environment)
    }

    @Test func ordersPlacedBeforeOrdermailComeFromAnExcelRegister() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let header = "miljö;hsa-id;system;kontaktperson;e-post;skickad;besvarad;status;ärende\r\n"
        let good = [
            "qa;SE2321000016-84GX;Närhälsan Tidbok;Åsa Öberg;asa.oberg@vgregion.se;2025-03-14 09:30;2025-03-14 11:02;confirmed;CS0012345",
            "production;SE2321000016-84GX;Närhälsan Tidbok;Åsa Öberg;asa.oberg@vgregion.se;2025-04-01 10:15;;sent;",
        ]
        // Every problem of every row is reported, not only the first of each.
        let bad =
            good + [
                "qa;SE2321000017-84GX;Fel;Anna;anna@;2025-03-14 09:30;;sent;",
                "qa;SE2321000016-F835;Annat;Anna;anna@vgregion.se;2025-02-30;;waiting;",
            ]
        // Excel's "CSV (semikolonavgränsad)" in a Swedish locale writes Windows-1252.
        let windows1252 = { (lines: [String]) in
            (header + lines.joined(separator: "\r\n") + "\r\n").data(using: .windowsCP1252)!
        }
        try windows1252(bad).write(to: URL(fileURLWithPath: folder + "/bad.csv"))
        let refused = try Self.run(
            ["record", "--from-csv", folder + "/bad.csv", "--region", "Västra Götalandsregionen"], ledger: ledger)
        #expect(refused.status == 65)
        let lines = refused.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("bad.csv:4") && $0.contains("Luhn") }, "\(refused.stderr)")
        #expect(lines.contains { $0.contains("bad.csv:4") && $0.contains("contact-email") }, "\(refused.stderr)")
        #expect(lines.contains { $0.contains("bad.csv:5") && $0.contains("sent_at") }, "\(refused.stderr)")
        #expect(
            lines.contains {
                $0.contains("bad.csv:5") && $0.contains("status")
                    && $0.contains("sent, needs-info, replied, confirmed, rejected")
            }, "\(refused.stderr)")
        #expect(lines.last == "ordermail: record: 4 problems; nothing was recorded", "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ledger), "nothing recorded")

        try windows1252(good).write(to: URL(fileURLWithPath: folder + "/good.csv"))
        let recorded = try Self.run(
            ["record", "--from-csv", folder + "/good.csv", "--region", "Västra Götalandsregionen"], ledger: ledger)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let listed = try Self.run(["list", "--format", "csv"], ledger: ledger).stdoutText
        #expect(listed.contains(",2025-04-01 10:15,,,sent,support's answer\r\n"), "\(listed)")
        #expect(listed.contains(",CS0012345,,,2025-03-14 09:30,2025-03-14 11:02,,confirmed,\r\n"), "\(listed)")
        // The history counts: a new production order warns at once, and its message cites the QA
        // order as support knows it, by the case number it was confirmed in.
        let composed = try CommandRunner.ordermail(
            ComposeCommandTests.arguments(
                ["--environment": "production"], extra: ["--confirm-compliance", "--ledger", ledger]))
        #expect(
            composed.stderr.contains("order 2 for SE2321000016-84GX in production is already recorded"),
            "\(composed.stderr)")
        #expect(
            try MessageInspection.inspect(composed.stdout).body.contains(
                "QA-vitlistningen bekräftades i ärende CS0012345."))
    }

    @Test func aProductionOrderCitesTheQACaseNumberOnceTheQAOrderIsConfirmedWithOne() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        #expect(
            try Self.run(
                arguments + ["--sent-at", "2026-12-01", "--message-id", "<qa@regionstockholm.se>"], ledger: ledger
            ).status == 0)
        let production = ComposeCommandTests.arguments(
            ["--environment": "production"], extra: ["--confirm-compliance", "--ledger", ledger])
        let before = try MessageInspection.inspect(try CommandRunner.ordermail(production).stdout).body
        #expect(
            before.contains("Vitlistningen i QA beställdes 2026-12-01 (Message-ID <qa@regionstockholm.se>)."),
            "\(before)")
        #expect(!before.contains("ärende"))
        let confirmed = try Self.run(
            ["mark", "1", "confirmed", "--case", "CS0012345", "--effective", "2026-12-08"], ledger: ledger)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let swedish = try MessageInspection.inspect(try CommandRunner.ordermail(production).stdout).body
        #expect(
            swedish.contains("QA-vitlistningen bekräftades i ärende CS0012345 (gäller från 2026-12-08)."), "\(swedish)")
        #expect(!swedish.contains("Vitlistningen i QA beställdes"), "\(swedish)")
        let english = try MessageInspection.inspect(
            try CommandRunner.ordermail(production + ["--language", "en"]).stdout
        ).body
        #expect(
            english.contains("The QA whitelisting was confirmed in case CS0012345 (effective from 2026-12-08)."),
            "\(english)")
    }

    /// What `list --format csv` writes, `record --from-csv` reads back into an empty ledger as the
    /// same register: in both header languages, with `,` and with `;` and a BOM.
    @Test(arguments: [("en", ","), ("sv", ";"), ("en", ";"), ("sv", ",")])
    func theRegisterRoundTrips(headers: String, delimiter: String) throws {
        let folder = try CommandRunner.temporaryDirectory()
        let source = folder + "/source.sqlite3"
        let copy = folder + "/copy.sqlite3"
        func compose(_ changes: [String: String], _ extra: [String] = []) throws {
            #expect(try LedgerCommandTests.compose(source, changes, extra: extra).status == 0)
        }
        try compose([:], ["--vendor", "Cosmic AB", "--reference", "=RS 2026/1", "--requested-date", "2099-01-15"])
        #expect(try Self.run(["mark", "1", "sent", "--note", "from the shared mailbox"], ledger: source).status == 0)
        #expect(
            try Self.run(["mark", "1", "confirmed", "--case", "CS1", "--effective", "2099-01-15"], ledger: source)
                .status == 0)
        try compose(["--hsa-id": "SE2321000016-F835", "--system-name": "Andra; \"Tidboken\""])
        try compose(["--hsa-id": "SE2321000016-1HZ5", "--system-name": "Tredje"])
        #expect(try Self.run(["mark", "3", "sent", "--note", "by hand"], ledger: source).status == 0)
        #expect(
            try Self.run(["mark", "3", "needs-info", "--case", "CS3", "--note", "which units?"], ledger: source).status
                == 0)
        try compose(["--hsa-id": "SE2321000016-A65H", "--system-name": "Fjärde"])
        #expect(try Self.run(["mark", "4", "sent", "--note", "by hand"], ledger: source).status == 0)
        #expect(try Self.run(["mark", "4", "rejected", "--case", "CS4"], ledger: source).status == 0)
        try compose(["--hsa-id": "SE2321000016-A65H", "--system-name": "Fjärde"])
        #expect(try Self.run(["mark", "5", "sent", "--note", "by hand"], ledger: source).status == 0)
        try compose(["--hsa-id": "SE165567766992-1DL4", "--system-name": "Femte"])
        #expect(try Self.run(["discard", "6"], ledger: source).status == 0)

        let export = ["list", "--all", "--format", "csv", "--headers", headers, "--csv-delimiter", delimiter]
        let first = try Self.run(export, ledger: source)
        #expect(first.status == 0)
        #expect(first.stdout.starts(with: [0xEF, 0xBB, 0xBF]) == (delimiter == ";"))
        try Data(first.stdout).write(to: URL(fileURLWithPath: folder + "/register.csv"))
        let recorded = try Self.run(
            ["record", "--from-csv", folder + "/register.csv", "--region", "Region Stockholm"], ledger: copy)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdoutText == "recorded 4 orders: 1, 2, 3, 4\n")
        let skipped = recorded.stderr.split(separator: "\n")
        #expect(skipped.count == 2, "one line for each row not read back: \(recorded.stderr)")
        #expect(
            skipped.contains { $0.contains("order 6 is discarded") }
                && skipped.contains { $0.contains("order 2 is draft") }, "\(recorded.stderr)")
        let second = try Self.run(export, ledger: copy)
        // The same register, but for the rows not read back and the order numbers the new ledger gave.
        func rows(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).split(separator: "\r\n").map {
                String($0.drop { String($0) != delimiter })
            }
        }
        let expected = rows(first.stdout).filter {
            !$0.contains("\(delimiter)draft\(delimiter)") && !$0.contains("\(delimiter)discarded\(delimiter)")
        }
        #expect(rows(second.stdout) == expected)
        #expect(expected.count == 5)
        #expect(try LedgerCommandTests.verify(copy).status == 0)
    }

    /// `list --awaiting`: a forgotten draft waits for us; an order superseded by a later one for the
    /// same HSA-id and environment waits for nothing; each row says what comes next.
    @Test func awaitingListsForgottenDraftsNotSupersededOrders() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        #expect(try Self.run(["mark", "1", "sent", "--note", "by hand"], ledger: ledger).status == 0)
        #expect(try Self.run(["mark", "1", "needs-info", "--note", "which units?"], ledger: ledger).status == 0)
        #expect(try LedgerCommandTests.compose(ledger, ["--hsa-id": "SE2321000016-F835"]).status == 0)
        var awaiting = try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText
        var rows = awaiting.split(separator: "\n").dropFirst()
        #expect(rows.count == 2, "\(awaiting)")
        #expect(
            rows.contains {
                $0.hasPrefix("2 ") && $0.contains("draft")
                    && $0.contains("us: review and send it (send ID), or discard it")
            }, "\(awaiting)")
        #expect(rows.contains { $0.hasPrefix("1 ") && $0.contains("us: answer support's question") }, "\(awaiting)")
        // A new order for order 1's system and environment supersedes it; a discarded one would not.
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        #expect(try Self.run(["discard", "3"], ledger: ledger).status == 0)
        rows = try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText.split(separator: "\n").dropFirst()
        #expect(rows.contains { $0.hasPrefix("1 ") }, "a discarded order supersedes nothing")
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        #expect(try Self.run(["mark", "4", "sent", "--note", "by hand"], ledger: ledger).status == 0)
        awaiting = try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText
        rows = awaiting.split(separator: "\n").dropFirst()
        #expect(rows.map { $0.prefix(2) } == ["2 ", "4 "], "ours first, then support's: \(awaiting)")
        let csv = try Self.run(["list", "--format", "csv"], ledger: ledger).stdoutText
        #expect(
            csv.contains(",needs-info,us: answer support's question\r\n"),
            "the register gives the next step too: \(csv)")
    }

    /// `record --from-message` with the `.eml` a colleague saved from Sent Items, written by
    /// Python's email package: the order's English text, the headers the message went out with.
    @Test func anOrderIsRecordedFromTheMessageSavedFromSentItems() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let composed = try CommandRunner.ordermail(
            ComposeCommandTests.arguments(
                ["--environment": "production"],
                extra: [
                    "--confirm-compliance", "--language", "en", "--vendor", "Cosmic AB", "--reference", "RS 2026/42",
                    "--contact-phone", "08-123 456 78", "--dry-run",
                ]))
        #expect(composed.status == 0, "\(composed.stderr)")
        let body = try MessageInspection.inspect(composed.stdout).body
        let script = """
            import sys
            from email.message import EmailMessage
            from email.policy import default
            message = EmailMessage(policy=default)
            message["From"] = "Anna Andersson <anna.andersson@regionstockholm.se>"
            message["To"] = "1177 e-tjänster <e-tjanster@1177.se>"
            message["Cc"] = "integration@regionstockholm.se, Erik <erik@regionstockholm.se>"
            message["Subject"] = "Beställning av vitlistning"
            message["Date"] = "Tue, 17 Nov 2026 10:05:00 +0100"
            message["Message-ID"] = "<AM0PR01MB1234@eurprd01.prod.outlook.com>"
            message.set_content(sys.stdin.read())
            open(sys.argv[1], "wb").write(message.as_bytes())
            """
        let written = try CommandRunner.run(
            "/usr/bin/python3", ["-c", script, folder + "/order.eml"], input: Array(body.utf8))
        #expect(written.status == 0, "\(written.stderr)")
        let recorded = try Self.run(
            [
                "record", "--from-message", folder + "/order.eml", "--status", "confirmed", "--case", "CS0042",
                "--answered-at", "2026-11-20 16:30",
            ],
            ledger: ledger)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let stored = try LedgerCommandTests.sqlite(
            ledger,
            """
            SELECT environment, hsa_id, system_name, region, contact_name, contact_email, contact_phone, reference, vendor,
                compliance_confirmed, language, recipients, copies, message_id FROM orders
            """
        ).stdoutText
        #expect(
            stored
                == "production|SE2321000016-84GX|Cosmic Tidbok|Region Stockholm|Anna Andersson|anna.andersson@regionstockholm.se|08-123 456 78|RS 2026/42|Cosmic AB|1|en|e-tjanster@1177.se|integration@regionstockholm.se, erik@regionstockholm.se|AM0PR01MB1234@eurprd01.prod.outlook.com\n",
            "\(stored)")
        let events = try LedgerCommandTests.sqlite(
            ledger, "SELECT type, at, coalesce(support_case, '') FROM events ORDER BY sequence"
        ).stdoutText
        #expect(events == "recorded|2026-11-17T09:05:00Z|\nconfirmed|2026-11-20T15:30:00Z|CS0042\n", "\(events)")
        let notAnOrder = try CommandRunner.run(
            "/usr/bin/python3", ["-c", script, folder + "/other.eml"], input: Array("Hej!\n".utf8))
        #expect(notAnOrder.status == 0)
        let refused = try Self.run(["record", "--from-message", folder + "/other.eml"], ledger: ledger)
        #expect(refused.status == 65 && refused.stderr.contains("not a whitelisting order"), "\(refused.stderr)")
        let mixed = try Self.run(
            ["record", "--from-message", folder + "/order.eml", "--hsa-id", "SE2321000016-F835"], ledger: ledger)
        #expect(mixed.status == 64 && mixed.stderr.hasPrefix("ordermail: --hsa-id: "), "\(mixed.stderr)")
    }

    @Test func aColleaguesOrderIsTakenAsItWas() throws {
        let home = try CommandRunner.temporaryDirectory()
        let ledger = home + "/ledger.sqlite3"
        let configuration = home + "/ordermail.conf"
        try
            "region = Region Stockholm\ncontact-phone = 08-123 456 78\ncc = team@regionstockholm.se\ncontact-name = Someone Else\ncontact-email = someone@regionstockholm.se\n"
            .write(toFile: configuration, atomically: false, encoding: .utf8)
        let recorded = try CommandRunner.ordermail(
            [
                "record", "--environment", "qa", "--hsa-id", "SE2321000016-84GX", "--system-name", "Cosmic Tidbok",
                "--contact-name", "Åsa Öberg", "--contact-email", "asa.oberg@regionstockholm.se", "--sent-at",
                "2025-11-03 09:41",
                "--status", "confirmed", "--answered-at", "2025-11-10 15:20", "--effective", "2025-12-01", "--case",
                "CS77",
                "--config", configuration, "--ledger", ledger,
            ], home: home)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let stored = try LedgerCommandTests.sqlite(
            ledger, "SELECT region, coalesce(contact_phone, '-'), copies, recipients, contact_name FROM orders"
        ).stdoutText
        #expect(stored == "Region Stockholm|-|||Åsa Öberg\n", "\(stored)")
        let events = try LedgerCommandTests.sqlite(
            ledger, "SELECT type, at, coalesce(effective_date, '') FROM events ORDER BY sequence"
        ).stdoutText
        #expect(events == "recorded|2025-11-03T08:41:00Z|\nconfirmed|2025-11-10T14:20:00Z|2025-12-01\n", "\(events)")
        let help = try CommandRunner.ordermail(["record", "--help"]).stdoutText
        let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            words.contains(
                "--status <status> What became of it (default: sent, no answer yet). (values: sent, needs-info, replied, confirmed, rejected; default: sent)"
            ), "\(help)")
        let draft = try CommandRunner.ordermail([
            "record", "--status", "draft", "--sent-at", "2025-11-03", "--ledger", ledger,
        ])
        #expect(draft.status == 64)
    }

    @Test func supportsAnswersAndWhoRecordedThem() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, extra: ["--reference", "VGR-2026-17"]).status == 0)
        #expect(
            try Self.run(
                ["mark", "1", "sent", "--note", "from the shared mailbox", "--by", "Åsa Öberg"], ledger: ledger
            ).status == 0)
        let question = try Self.run(
            ["mark", "1", "needs-info", "--note", "Which units?"], ledger: ledger, environment: ["SUDO_USER": "erik"])
        #expect(question.status == 0)
        let awaiting = try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText
        #expect(
            awaiting.contains("needs-info") && awaiting.contains("WAITS FOR")
                && awaiting.contains("us: answer support's question"), "\(awaiting)")
        #expect(
            try Self.run(["mark", "1", "confirmed", "--case", "CS0099", "--effective", "2027-02-29"], ledger: ledger)
                .status == 64)
        #expect(
            try Self.run(["mark", "1", "confirmed", "--case", "CS0099", "--effective", "2027-03-14"], ledger: ledger)
                .status == 0)
        #expect(try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText == "no orders\n")
        let byWhom = try LedgerCommandTests.sqlite(
            ledger, "SELECT type, recorded_by, coalesce(effective_date, '') FROM events ORDER BY sequence"
        ).stdoutText
        #expect(
            byWhom.contains("sent|Åsa Öberg|") && byWhom.contains("needs-info|erik|") && byWhom.contains("confirmed|")
                && byWhom.contains("|2027-03-14"))
        let found = try Self.run(["list", "--reference", "vgr-2026", "--format", "json"], ledger: ledger).stdoutText
        #expect(found.split(separator: "\n").count == 1 && found.contains("\"supportCase\":\"CS0099\""), "\(found)")
        #expect(try Self.run(["list", "--reference", "other"], ledger: ledger).stdoutText == "no orders\n")
    }

    @Test func showPrintsTheMessageAsTextAndEscapesWhatWasPlantedInTheLedger() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, ["--system-name": "Tidbok Åre"]).status == 0)
        let shown = try Self.run(["show", "1"], ledger: ledger).stdoutText
        #expect(
            shown.contains(
                "subject: Beställning av vitlistning i 1177 Vårdguidens e-tjänster (QA): Tidbok Åre, SE2321000016-84GX")
        )
        #expect(
            shown.contains("Tidbokningssystemets namn: Tidbok Åre"), "the body decoded from quoted-printable: \(shown)")
        _ = try LedgerCommandTests.sqlite(
            ledger, "UPDATE orders SET region = 'Evil' || char(27) || '[2J' || char(8238) || 'x' WHERE id = 1")
        let planted = try Self.run(["show", "1"], ledger: ledger).stdoutText
        #expect(!planted.contains("\u{1B}") && !planted.contains("\u{202E}"))
        #expect(planted.contains("Evil\\u{1B}[2J\\u{202E}x"))
        let table = try Self.run(["list"], ledger: ledger).stdoutText
        #expect(!table.contains("\u{1B}"))
    }

    @Test func csvForExcelNeverStartsAFieldWithAFormula() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(
            try LedgerCommandTests.compose(ledger, ["--system-name": "=HYPERLINK(\"http://evil.example\",\"x\")"])
                .status == 0)
        let csv = try Self.run(["list", "--format", "csv"], ledger: ledger).stdoutText
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""), "\(csv)")
    }

    @Test func jsonLinesCarryEveryValueExactly() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, ["--system-name": "Tidbok \"Åre\" \\ 📅"]).status == 0)
        _ = try LedgerCommandTests.sqlite(
            ledger, "UPDATE orders SET reference = 'a' || char(9) || 'b' || char(27) || 'c' || char(10)")
        let listed = try Self.run(["list", "--format", "json"], ledger: ledger)
        let parsed = try CommandRunner.run(
            "/usr/bin/python3",
            [
                "-c",
                "import json,sys; o=json.loads(sys.stdin.read()); print(json.dumps([o['systemName'], o['reference']]))",
            ],
            input: listed.stdout)
        let values = try JSONSerialization.jsonObject(with: Data(parsed.stdout)) as? [String]
        #expect(values == ["Tidbok \"Åre\" \\ 📅", "a\tb\u{1B}c\n"], "\(listed.stdoutText)")
    }

    @Test func aRecordedOrderKeepsItsCaseAndIsNotRecordedTwice() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        let recorded = try Self.run(arguments + ["--sent-at", "2025-03-01", "--case", "CS999"], ledger: ledger)
        #expect(recorded.stdoutText == "recorded 1 order: 1\n")
        #expect(try LedgerCommandTests.sqlite(ledger, "SELECT support_case FROM events").stdoutText == "CS999\n")
        let twice = try Self.run(arguments + ["--sent-at", "2025-03-01"], ledger: ledger)
        #expect(twice.status == 64)
        #expect(
            twice.stderr.contains("order 1 for SE2321000016-84GX in qa is already recorded; pass --force"),
            "\(twice.stderr)")
        #expect(try Self.run(arguments + ["--sent-at", "2025-03-01", "--force"], ledger: ledger).status == 0)
        for (flag, value) in [
            ("--message-id", "<a\u{1}b@x.se>"), ("--message-id", "no angle"), ("--case", "CS\u{1}1"),
            ("--sent-at", "2099-01-01"),
        ] {
            let refused = try Self.run(arguments + ["--sent-at", "2025-03-01", "--force", flag, value], ledger: ledger)
            #expect(refused.status == 64, "\(flag) \(value): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("ordermail: \(flag): "), "\(refused.stderr)")
        }
        let controlBy = try Self.run(
            ["mark", "1", "needs-info", "--note", "Vilka enheter?", "--by", "evil\u{1B}[2J"], ledger: ledger)
        #expect(controlBy.status == 64 && controlBy.stderr.hasPrefix("ordermail: --by: "))
        let sendRecorded = try Self.run(["send", "1", "--smtp-url", "smtp://127.0.0.1:1"], ledger: ledger)
        #expect(
            sendRecorded.status == 65 && sendRecorded.stderr.contains("placed outside ordermail"),
            "\(sendRecorded.stderr)")
        let noMessage = try Self.run(["show", "1", "--eml"], ledger: ledger)
        #expect(noMessage.status == 65 && noMessage.stdout.isEmpty)
    }

    @Test func verifyTakesBackTheAnchorLineItPrinted() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        let verified = try LedgerCommandTests.verify(ledger)
        let anchor = try #require(verified.stdoutText.split(separator: "\n").first { $0.hasPrefix("anchor: ") })
        #expect(try LedgerCommandTests.verify(ledger, ["--expect-head", String(anchor)]).status == 0)
        let head = try #require(anchor.split(separator: " ").dropFirst(2).first)
        #expect(try LedgerCommandTests.verify(ledger, ["--expect-head", head.uppercased()]).status == 0)
        let typo = try LedgerCommandTests.verify(ledger, ["--expect-head", "deadbeef"])
        #expect(typo.status == 64 && typo.stderr.hasPrefix("ordermail: --expect-head: "))
        let removed = try LedgerCommandTests.verify(ledger, ["--expect-head", String(repeating: "a", count: 64)])
        #expect(removed.status == 65 && removed.stdout.isEmpty, "nothing on stdout when verify fails")
    }
}
