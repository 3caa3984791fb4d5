import Foundation
import Testing

/// The order's life as a team records it: orders placed by hand, support's answers, who did what,
/// and the register views (`show`, `list --awaiting`, CSV for Excel).
@Suite("ordermail record, mark, show, list: the lifecycle")
struct LifecycleCommandTests {
    static func run(_ arguments: [String], ledger: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try CommandRunner.ordermail(arguments + ["--ledger", ledger], environment: environment)
    }

    @Test func ordersPlacedBeforeOrdermailComeFromAnExcelRegister() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let header = "environment;hsa_id;system_name;region;contact_name;contact_email;sent_at;status;case;compliance_confirmed\r\n"
        let good = [
            "qa;SE2321000016-84GX;Närhälsan Tidbok;Västra Götalandsregionen;Åsa Öberg;asa.oberg@vgregion.se;2025-03-14;confirmed;CS0012345;",
            "production;SE2321000016-84GX;Närhälsan Tidbok;Västra Götalandsregionen;Åsa Öberg;asa.oberg@vgregion.se;2025-04-01;sent;;ja",
        ]
        let bad = good + [
            "qa;SE2321000017-84GX;Fel;Region;Anna;anna@vgregion.se;2025-03-14;sent;;",
            "qa;SE2321000016-F835;Annat;Region;Anna;anna@vgregion.se;2025-02-30;sent;;",
        ]
        // Excel's "CSV (semikolonavgränsad)" in a Swedish locale writes Windows-1252.
        let windows1252 = { (lines: [String]) in (header + lines.joined(separator: "\r\n") + "\r\n").data(using: .windowsCP1252)! }
        try windows1252(bad).write(to: URL(fileURLWithPath: folder + "/bad.csv"))
        let refused = try Self.run(["record", "--from-csv", folder + "/bad.csv"], ledger: ledger)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("bad.csv:4") && refused.stderr.contains("Luhn"), "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.csv:5") && refused.stderr.contains("not a day of the calendar"))
        #expect(!FileManager.default.fileExists(atPath: ledger), "nothing recorded")

        try windows1252(good).write(to: URL(fileURLWithPath: folder + "/good.csv"))
        let recorded = try Self.run(["record", "--from-csv", folder + "/good.csv"], ledger: ledger)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let listed = try Self.run(["list", "--format", "csv"], ledger: ledger).stdoutText
        #expect(listed.contains("Närhälsan Tidbok,recorded") && listed.contains("Närhälsan Tidbok,confirmed"), "\(listed)")
        #expect(listed.contains(",CS0012345,"))
        // The history counts: a new production order warns at once, and its message cites the QA
        // order as support knows it, by the case number it was confirmed in.
        let composed = try CommandRunner.ordermail(
            ComposeCommandTests.arguments(["--environment": "production"], extra: ["--confirm-compliance", "--ledger", ledger]))
        #expect(composed.stderr.contains("order 2 for SE2321000016-84GX in production is already recorded"), "\(composed.stderr)")
        #expect(try MessageInspection.inspect(composed.stdout).body.contains("QA-vitlistningen bekräftades i ärende CS0012345."))
    }

    @Test func aProductionOrderCitesTheQACaseNumberOnceTheQAOrderIsConfirmedWithOne() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        #expect(try Self.run(arguments + ["--sent-at", "2026-12-01", "--message-id", "<qa@regionstockholm.se>"], ledger: ledger).status == 0)
        let production = ComposeCommandTests.arguments(["--environment": "production"], extra: ["--confirm-compliance", "--ledger", ledger])
        let before = try MessageInspection.inspect(try CommandRunner.ordermail(production).stdout).body
        #expect(before.contains("Vitlistningen i QA beställdes 2026-12-01 (Message-ID <qa@regionstockholm.se>)."), "\(before)")
        #expect(!before.contains("ärende"))
        let confirmed = try Self.run(["mark", "1", "confirmed", "--case", "CS0012345", "--effective", "2026-12-08"], ledger: ledger)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let swedish = try MessageInspection.inspect(try CommandRunner.ordermail(production).stdout).body
        #expect(swedish.contains("QA-vitlistningen bekräftades i ärende CS0012345 (gäller från 2026-12-08)."), "\(swedish)")
        #expect(!swedish.contains("Vitlistningen i QA beställdes"), "\(swedish)")
        let english = try MessageInspection.inspect(try CommandRunner.ordermail(production + ["--language", "en"]).stdout).body
        #expect(english.contains("The QA whitelisting was confirmed in case CS0012345 (effective from 2026-12-08)."), "\(english)")
    }

    @Test func anOrderSentByHandIsRecordedFromFlags() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        var arguments = ComposeCommandTests.arguments([:])
        arguments[0] = "record"
        let recorded = try Self.run(arguments + ["--sent-at", "2025-11-03", "--message-id", "<abc@vgregion.se>"], ledger: ledger)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try LedgerCommandTests.sqlite(ledger, "SELECT message_id, created_at FROM orders").stdoutText == "abc@vgregion.se|2025-11-03T12:00:00Z\n")
        let missingDate = try Self.run(arguments, ledger: ledger)
        #expect(missingDate.status == 64 && missingDate.stderr.hasPrefix("ordermail: --sent-at: "))
    }

    @Test func supportsAnswersAndWhoRecordedThem() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, extra: ["--reference", "VGR-2026-17"]).status == 0)
        #expect(try Self.run(["mark", "1", "sent", "--note", "from the shared mailbox", "--by", "Åsa Öberg"], ledger: ledger).status == 0)
        let question = try Self.run(["mark", "1", "needs-info", "--note", "Which units?"], ledger: ledger, environment: ["SUDO_USER": "erik"])
        #expect(question.status == 0)
        let awaiting = try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText
        #expect(awaiting.contains("needs-info") && awaiting.contains("WAITS FOR") && awaiting.contains("us: answer support's question"), "\(awaiting)")
        #expect(try Self.run(["mark", "1", "confirmed", "--case", "CS0099", "--effective", "2027-02-29"], ledger: ledger).status == 64)
        #expect(try Self.run(["mark", "1", "confirmed", "--case", "CS0099", "--effective", "2027-03-14"], ledger: ledger).status == 0)
        #expect(try Self.run(["list", "--awaiting"], ledger: ledger).stdoutText == "no orders\n")
        let byWhom = try LedgerCommandTests.sqlite(ledger, "SELECT type, recorded_by, coalesce(effective_date, '') FROM events ORDER BY sequence").stdoutText
        #expect(byWhom.contains("sent|Åsa Öberg|") && byWhom.contains("needs-info|erik|") && byWhom.contains("confirmed|") && byWhom.contains("|2027-03-14"))
        let found = try Self.run(["list", "--reference", "vgr-2026", "--format", "json"], ledger: ledger).stdoutText
        #expect(found.split(separator: "\n").count == 1 && found.contains("\"supportCase\":\"CS0099\""), "\(found)")
        #expect(try Self.run(["list", "--reference", "other"], ledger: ledger).stdoutText == "no orders\n")
    }

    @Test func showPrintsTheMessageAsTextAndEscapesWhatWasPlantedInTheLedger() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, ["--system-name": "Tidbok Åre"]).status == 0)
        let shown = try Self.run(["show", "1"], ledger: ledger).stdoutText
        #expect(shown.contains("subject: Beställning av vitlistning i 1177 Vårdguidens e-tjänster (QA): Tidbok Åre, SE2321000016-84GX"))
        #expect(shown.contains("Tidbokningssystemets namn: Tidbok Åre"), "the body decoded from quoted-printable: \(shown)")
        _ = try LedgerCommandTests.sqlite(ledger, "UPDATE orders SET region = 'Evil' || char(27) || '[2J' || char(8238) || 'x' WHERE id = 1")
        let planted = try Self.run(["show", "1"], ledger: ledger).stdoutText
        #expect(!planted.contains("\u{1B}") && !planted.contains("\u{202E}"))
        #expect(planted.contains("Evil\\u{1B}[2J\\u{202E}x"))
        let table = try Self.run(["list"], ledger: ledger).stdoutText
        #expect(!table.contains("\u{1B}"))
    }

    @Test func csvForExcelNeverStartsAFieldWithAFormula() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, ["--system-name": "=HYPERLINK(\"http://evil.example\",\"x\")"]).status == 0)
        let csv = try Self.run(["list", "--format", "csv"], ledger: ledger).stdoutText
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""), "\(csv)")
    }

    @Test func jsonLinesCarryEveryValueExactly() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger, ["--system-name": "Tidbok \"Åre\" \\ 📅"]).status == 0)
        _ = try LedgerCommandTests.sqlite(ledger, "UPDATE orders SET reference = 'a' || char(9) || 'b' || char(27) || 'c' || char(10)")
        let listed = try Self.run(["list", "--format", "json"], ledger: ledger)
        let parsed = try CommandRunner.run(
            "/usr/bin/python3", ["-c", "import json,sys; o=json.loads(sys.stdin.read()); print(json.dumps([o['systemName'], o['reference']]))"],
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
        #expect(twice.stderr.contains("order 1 for SE2321000016-84GX in qa is already recorded; pass --force"), "\(twice.stderr)")
        #expect(try Self.run(arguments + ["--sent-at", "2025-03-01", "--force"], ledger: ledger).status == 0)
        for (flag, value) in [("--message-id", "<a\u{1}b@x.se>"), ("--message-id", "no angle"), ("--case", "CS\u{1}1"), ("--sent-at", "2099-01-01")] {
            let refused = try Self.run(arguments + ["--sent-at", "2025-03-01", "--force", flag, value], ledger: ledger)
            #expect(refused.status == 64, "\(flag) \(value): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("ordermail: \(flag): "), "\(refused.stderr)")
        }
        let controlBy = try Self.run(["mark", "1", "needs-info", "--note", "Vilka enheter?", "--by", "evil\u{1B}[2J"], ledger: ledger)
        #expect(controlBy.status == 64 && controlBy.stderr.hasPrefix("ordermail: --by: "))
        let sendRecorded = try Self.run(["send", "1", "--smtp-url", "smtp://127.0.0.1:1"], ledger: ledger)
        #expect(sendRecorded.status == 65 && sendRecorded.stderr.contains("placed outside ordermail"), "\(sendRecorded.stderr)")
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
