import Foundation
import Testing

/// `ordermail activate` and the activation order's life: checked lists, the message as Python's
/// `email` and `csv` read it, a send to aiosmtpd, a reply, a partial confirmation, and production
/// recorded with `record --activation`.
@Suite("ordermail activate")
struct ActivateCommandTests {
    /// Three units in SCB's own spellings, so that the attachment reads back equal to the list.
    static let rows = [
        [
            "SE2321000016-A65H", "Vårdcentralen Gärdet", "Stockholms län", "0180", "Stockholm",
            "Storgatan 1, 114 51 Stockholm",
        ],
        ["TSTNMT2321000156-1079", "Testenheten Åre", "Jämtlands län", "2321", "Åre", ""],
        ["SE2321000016-F835", "Husläkarna i Täby", "Stockholms län", "0160", "Täby", "Bytorget 3; plan 2"],
    ]
    static let englishHeader = ["hsa_id", "name", "county", "municipality_code", "municipality", "visiting_address"]
    static let swedishHeader = ["HSA-id", "Namn", "Län", "Kommunkod", "Kommun", "Besöksadress"]

    /// The list as a CSV file: `header` and `rows`, `;`-separated, a field with `;` quoted.
    static func list(
        _ header: [String], _ rows: [[String]], windows1252: Bool = false, in folder: String, name: String = "units.csv"
    ) throws -> String {
        let text =
            ([header] + rows).map { row in
                row.map { $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ";")
            }.joined(separator: "\r\n") + "\r\n"
        let path = "\(folder)/\(name)"
        let data = try #require(windows1252 ? text.data(using: .windowsCP1252) : text.data(using: .utf8))
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func arguments(_ units: String, ledger: String, extra: [String] = []) -> [String] {
        [
            "activate", "--environment", "qa", "--units", units, "--region", "Region Stockholm",
            "--contact-name", "Anna Andersson", "--contact-email", "anna.andersson@regionstockholm.se",
            "--reference", "RS-2026-0042", "--ledger", ledger,
        ] + extra
    }

    struct Inspection: Decodable {
        var defects: [String]
        var subject: String
        var contentType: String
        var text: String?
        var attachmentName: String?
        var attachmentType: String?
        var attachmentHasBom: Bool
        var attachmentRows: [[String]]
    }

    static func inspect(_ message: [UInt8]) throws -> Inspection {
        let result = try CommandRunner.run(
            "/usr/bin/python3", ["\(CommandRunner.packageRoot)/Tests/Helpers/inspect_attachment.py"], input: message)
        try #require(result.status == 0, "\(result.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Inspection.self, from: Data(result.stdout))
    }

    @Test(arguments: [(false, false), (true, true)])
    func composesTheOrderWithItsTableAndACSVThatReadsBackEqual(windows1252: Bool, swedish: Bool) throws {
        let folder = try CommandRunner.temporaryDirectory()
        let units = try Self.list(
            swedish ? Self.swedishHeader : Self.englishHeader, Self.rows, windows1252: windows1252, in: folder)
        let result = try CommandRunner.ordermail(
            Self.arguments(units, ledger: folder + "/ledger.sqlite3", extra: ["--attach-csv", "--dry-run"]))
        #expect(result.status == 0, "\(result.stderr)")
        let message = try Self.inspect(result.stdout)
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(message.contentType == "multipart/mixed")
        #expect(
            message.subject
                == "Aktivering av vårdenheter för webbtidbokning i 1177 Vårdguidens e-tjänster (QA): 3 vårdenheter, Region Stockholm [RS-2026-0042]"
        )
        let text = try #require(message.text)
        #expect(text.contains("Antal vårdenheter: 3\n"))
        #expect(
            text.contains(
                "\nSE2321000016-A65H     | Vårdcentralen Gärdet | Stockholms län | 0180      | Stockholm | Storgatan 1, 114 51 Stockholm\n"
            ), "\(text)")
        #expect(
            text.contains(
                "\nTSTNMT2321000156-1079 | Testenheten Åre      | Jämtlands län  | 2321      | Åre       |\n"),
            "\(text)")
        #expect(message.attachmentName == "vardenheter-aktivering-qa.csv")
        #expect(message.attachmentType == "text/csv")
        #expect(message.attachmentHasBom)
        #expect(message.attachmentRows == [Self.swedishHeader.map { $0 == "Namn" ? "Enhetens namn" : $0 }] + Self.rows)
        #expect(!FileManager.default.fileExists(atPath: folder + "/ledger.sqlite3"))
    }

    @Test func refusesEveryBadRowWithItsLineAndRecordsNothing() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let units = try Self.list(
            Self.englishHeader,
            [
                ["SE2321000016-A65H", "Vårdcentralen Gärdet", "Norrlands län", "", "", ""],
                ["SE2321000016-F835", "Husläkarna i Täby", "01", "1280", "", ""],
                ["SE2321000016-84GX", "Vårdcentralen Solna", "01", "0180", "Solna", ""],
                ["SE2321000016-1HZ5", "Enhet ett", "01", "", "", ""],
                ["se2321000016-1hz5", "Enhet ett igen", "01", "", "", ""],
            ], in: folder)
        let ledger = folder + "/ledger.sqlite3"
        let result = try CommandRunner.ordermail(Self.arguments(units, ledger: ledger))
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "ordermail: \(units): 4 problems; nothing was written or sent:")
        #expect(
            lines.dropFirst().first
                == "  line 2: county: \"Norrlands län\" is no Swedish county; give its SCB code or name, e.g. 01 or Stockholms län"
        )
        #expect(
            lines.contains("  line 3: municipality_code: 1280 (Malmö) lies in county 12, not in 01 (Stockholms län)"))
        #expect(lines.contains("  line 4: municipality: \"Solna\" is not the name of 0180, which is Stockholm"))
        #expect(lines.contains("  line 6: hsa_id: se2321000016-1hz5 is listed on line 5 already"))
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    @Test func productionIsNotOrderedByMailButRecorded() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let units = try Self.list(Self.englishHeader, [Self.rows[0], Self.rows[2]], in: folder)
        let ledger = folder + "/ledger.sqlite3"
        var arguments = Self.arguments(units, ledger: ledger)
        arguments[2] = "production"
        let refused = try CommandRunner.ordermail(arguments)
        #expect(refused.status == 64)
        #expect(
            refused.stderr.hasPrefix(
                "ordermail: --environment: must be qa: in production the region's own 1177 administration activates units"
            ))
        let recorded = try CommandRunner.ordermail([
            "record", "--activation", "--environment", "production", "--units", units, "--activated-at", "2026-11-20",
            "--activated-by", "1177-redaktionen Region Stockholm", "--region", "Region Stockholm", "--ledger", ledger,
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(
            recorded.stdoutText
                == "recorded activation order 1: 2 units activated in production on 2026-11-20 by 1177-redaktionen Region Stockholm\n"
        )
        #expect(
            try SendCommandTests.events(ledger) == [
                "recorded|activated 2026-11-20 by 1177-redaktionen Region Stockholm, outside ordermail", "confirmed|",
            ])
        let again = try CommandRunner.ordermail([
            "record", "--activation", "--environment", "production", "--units", units, "--activated-at", "2026-11-21",
            "--activated-by", "someone", "--region", "Region Stockholm", "--ledger", ledger,
        ])
        #expect(again.status == 65)
        #expect(again.stderr.contains("every unit of the list is activated in production already"))
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    @Test func sendsToAiosmtpdMatchesTheReplyAndLeavesActivatedUnitsOutOfTheNextOrder() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let units = try Self.list(Self.englishHeader, Self.rows, in: folder)
        let smtp = [
            "--send", "--attach-csv", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--to",
            "support@example.org",
            "--timeout", "4", "--connect-timeout", "2", "--ca-file", SMTPTestServer.certificate.cert,
        ]
        let sent = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: smtp), environment: SendCommandTests.passwordEnvironment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdoutText.hasPrefix("sent activation order 1 (3 units) to support@example.org, Message-ID <"))
        let received = try #require(try server.received().first)
        #expect(received.bytes == (try SendCommandTests.storedMessage(ledger)))
        #expect(try Self.inspect(received.bytes).defects.isEmpty)
        #expect(try SendCommandTests.events(ledger) == ["sending|", "sent|250 2.0.0 Ok: queued as test-1"])

        // Support's reply is matched by its Message-ID, then the answer names the unit left out.
        let messageID = try #require(sent.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1)
        let reply = try RepliesImportTests.reply(
            to: String(messageID), body: "Två av tre enheter är aktiverade i QA.\n", in: folder)
        let imported = try CommandRunner.ordermail(["replies", "import", reply, "--ledger", ledger])
        #expect(
            imported.stdoutText == "\(reply): order 1: reply, recorded as replied (by Message-ID)\n",
            "\(imported.stderr)")
        let except = folder + "/not-activated.txt"
        try "TSTNMT2321000156-1079\n".write(toFile: except, atomically: false, encoding: .utf8)
        let marked = try CommandRunner.ordermail([
            "mark", "1", "confirmed", "--case", "CS12345", "--except", except, "--ledger", ledger,
        ])
        #expect(marked.stdoutText == "order 1: confirmed for 2 of 3 units\n", "\(marked.stderr)")
        let shown = try CommandRunner.ordermail(["show", "1", "--ledger", ledger]).stdoutText
        #expect(shown.contains("units listed (3):\n  SE2321000016-A65H  Vårdcentralen Gärdet\n"), "\(shown)")
        #expect(shown.contains("confirmed  by "), "\(shown)")
        #expect(shown.contains("for 2 units of 3: SE2321000016-A65H SE2321000016-F835"), "\(shown)")

        // The next order from the same list holds only the unit support did not activate.
        let next = try CommandRunner.ordermail(Self.arguments(units, ledger: ledger, extra: ["--format", "text"]))
        #expect(next.status == 0, "\(next.stderr)")
        #expect(
            next.stderr.contains(
                "ordermail: left out SE2321000016-A65H (line 2): activated in qa by order 1 (confirmed "),
            "\(next.stderr)")
        #expect(
            next.stdoutText.contains("units listed (1):\n  TSTNMT2321000156-1079  Testenheten Åre\n\n"),
            "\(next.stdoutText)")
        let onlyActivated = try Self.list(
            Self.englishHeader, [Self.rows[0], Self.rows[2]], in: folder, name: "activated.csv")
        let nothing = try CommandRunner.ordermail(Self.arguments(onlyActivated, ledger: ledger))
        #expect(nothing.status == 65)
        #expect(
            nothing.stderr.contains("every unit of the list is activated or with support in qa already (2 units)"),
            "\(nothing.stderr)")
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    @Test func aDraftIsSentByIDAndAnotherOrderForItsUnitsIsRefused() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let units = try Self.list(Self.englishHeader, Self.rows, in: folder)
        #expect(
            try CommandRunner.ordermail(Self.arguments(units, ledger: ledger, extra: ["--to", "support@example.org"]))
                .status == 0)
        #expect(
            try CommandRunner.ordermail(Self.arguments(units, ledger: ledger, extra: ["--to", "support@example.org"]))
                .status == 0)
        let smtp = [
            "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--timeout", "4", "--connect-timeout", "2",
            "--ca-file", SMTPTestServer.certificate.cert, "--to", "support@example.org",
        ]
        // A new order sent at once while a draft holds its units is refused, as for whitelisting.
        let atOnce = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: ["--send"] + smtp),
            environment: SendCommandTests.passwordEnvironment)
        #expect(atOnce.status == 65)
        #expect(
            atOnce.stderr.contains("SE2321000016-A65H is in an unsent order in qa by order 2 (draft"),
            "\(atOnce.stderr)")
        #expect(
            atOnce.stderr.contains("or set it aside with 'ordermail discard 2' (or pass --despite-unsent-order)"),
            "\(atOnce.stderr)")
        let stored = [
            "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--timeout", "4", "--connect-timeout", "2",
            "--ca-file", SMTPTestServer.certificate.cert, "--ledger", ledger,
        ]
        let first = try CommandRunner.ordermail(
            ["send", "1"] + stored, environment: SendCommandTests.passwordEnvironment)
        #expect(first.status == 0, "\(first.stderr)")
        let received = try #require(try server.received().first)
        #expect(received.bytes == (try SendCommandTests.storedMessage(ledger)))
        // The other draft of the same units: support has them now.
        let second = try CommandRunner.ordermail(
            ["send", "2"] + stored, environment: SendCommandTests.passwordEnvironment)
        #expect(second.status == 65)
        #expect(second.stderr.contains("SE2321000016-A65H is with support in qa by order 1 (sent"), "\(second.stderr)")
        #expect(try server.received().count == 1)
        #expect(try CommandRunner.ordermail(["discard", "2", "--ledger", ledger]).status == 0)
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }

    /// One flag, one meaning: --overwrite replaces the --output file, --despite-unsent-order sends
    /// although a unit waits in another unsent order; --force is refused naming both.
    @Test func overwriteAndDespiteUnsentOrderAreSeparateFlags() throws {
        let server = try SMTPTestServer()
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let units = try Self.list(Self.englishHeader, Self.rows, in: folder)
        let forced = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: ["--force", "--dry-run"]))
        #expect(forced.status == 64)
        #expect(
            forced.stderr.contains(
                "--force: activate has no --force: --overwrite replaces the --output file, --despite-unsent-order sends although a unit waits in another unsent order"
            ),
            "\(forced.stderr)")
        let output = folder + "/order.eml"
        try "old".write(toFile: output, atomically: false, encoding: .utf8)
        let kept = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: ["--dry-run", "--output", output]))
        #expect(kept.status == 73)
        #expect(
            kept.stderr.contains("file exists; choose another name or pass --overwrite to replace it"), "\(kept.stderr)"
        )
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "old")
        // The draft (order 1) is written over the old file.
        let replaced = try CommandRunner.ordermail(
            Self.arguments(
                units, ledger: ledger, extra: ["--output", output, "--overwrite", "--to", "support@example.org"]))
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("Subject: "))
        // --overwrite does not send past the draft; --despite-unsent-order does, and only with --send.
        let smtp = [
            "--send", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--timeout", "4",
            "--connect-timeout", "2",
            "--ca-file", SMTPTestServer.certificate.cert, "--to", "support@example.org",
        ]
        let refused = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: smtp + ["--overwrite"]),
            environment: SendCommandTests.passwordEnvironment)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--overwrite: goes with --output (the file it replaces)"), "\(refused.stderr)")
        let waiting = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: smtp), environment: SendCommandTests.passwordEnvironment)
        #expect(waiting.status == 65)
        #expect(waiting.stderr.contains("is in an unsent order in qa by order 1 (draft"), "\(waiting.stderr)")
        let notSending = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: ["--despite-unsent-order"]))
        #expect(notSending.status == 64)
        #expect(notSending.stderr.contains("--despite-unsent-order: goes with --send"), "\(notSending.stderr)")
        #expect(try server.received().isEmpty)
        let sent = try CommandRunner.ordermail(
            Self.arguments(units, ledger: ledger, extra: smtp + ["--despite-unsent-order"]),
            environment: SendCommandTests.passwordEnvironment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(
            sent.stdoutText.hasPrefix("sent activation order 2 (3 units) to support@example.org"), "\(sent.stdoutText)")
        #expect(try server.received().count == 1)
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
    }
}
