import Foundation
import Testing

/// `ordermail compose` run as a user runs it, its output read by Python's e-mail parser.
@Suite("ordermail compose")
struct ComposeCommandTests {
    static let required = [
        "--environment", "qa", "--hsa-id", "SE2321000016-84GX", "--system-name", "Cosmic Tidbok",
        "--region", "Region Stockholm", "--contact-name", "Anna Andersson",
        "--contact-email", "anna.andersson@regionstockholm.se",
    ]

    /// `required` with the value after `flag` replaced, or the flag added.
    static func arguments(_ changes: [String: String], extra: [String] = []) -> [String] {
        var arguments = required
        for (flag, value) in changes {
            if let index = arguments.firstIndex(of: flag) {
                arguments[index + 1] = value
            } else {
                arguments += [flag, value]
            }
        }
        return ["compose"] + arguments + extra
    }

    struct Input: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var changes: [String: String]
        var extra: [String] = []
    }

    static let inputs: [Input] = [
        Input(testDescription: "plain QA order", changes: [:]),
        Input(
            testDescription: "Swedish names with quotes, =, ? and _",
            changes: [
                "--system-name": "Tidbok \"Åre\" = Öst?_Väst é", "--contact-name": "Åsa \"Åsan\" Öberg-Élise",
                "--region": "Region Jämtland Härjedalen", "--reference": "RJH 2026/42 = \"akut\"?_",
                "--vendor": "Kosmiska Vårdsystem AB",
            ]),
        Input(
            testDescription: "English production order with a quoted ASCII display name",
            changes: ["--environment": "production", "--language": "en", "--contact-name": "Andersson, Anna \"AA\""],
            extra: ["--confirm-compliance"]),
        Input(
            testDescription: "100-character name and a lower-case id",
            changes: [
                "--system-name": String(repeating: "Tidboksystemet för vårdcentraler i Örebro ", count: 3).prefix(100)
                    .description,
                "--hsa-id": "SE2321000016-1hz5",
            ]),
        Input(
            testDescription: "emoji and a long unbroken word",
            changes: ["--system-name": "Bokning 📅🩺 " + String(repeating: "ä", count: 88)]),
    ]

    @Test("Python's email parser reads the message without defects and decodes exactly the input", arguments: inputs)
    func messageRoundTripsThroughPythonsParser(_ input: Input) throws {
        let arguments = Self.arguments(input.changes, extra: input.extra)
        let result = try CommandRunner.ordermail(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rendered = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        let parsed = try MessageInspection.inspect(result.stdout, json: true)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.header("Subject") == rendered?["subject"] as? String)
        #expect(parsed.body == rendered?["body"] as? String)
        let value = { (flag: String) in arguments[arguments.firstIndex(of: flag)! + 1] }
        #expect(parsed.fromDisplayName == value("--contact-name"))
        #expect(parsed.fromAddress == value("--contact-email"))
        #expect(parsed.header("Reply-To")?.contains(value("--contact-email")) == true)
        #expect(parsed.header("To") == "e-tjanster@1177.se")
        #expect(parsed.header("Bcc") == nil)
        #expect(parsed.header("Subject")?.contains(value("--system-name")) == true)
        #expect(parsed.header("Subject")?.contains(value("--hsa-id")) == true)
        #expect(parsed.body.contains(value("--hsa-id")))
        #expect(parsed.body.contains(value("--system-name")))
        #expect(parsed.contentType == "text/plain" && parsed.charset == "utf-8")
        #expect(parsed.longestLine <= 78)
        #expect(!parsed.hasBareLineFeedOrCarriageReturn && parsed.endsWithCrlf)
    }

    @Test func printsTheSameMessageAsEMLAndInsideJSON() throws {
        let eml = try CommandRunner.ordermail(Self.arguments([:]))
        #expect(eml.status == 0)
        let parsed = try MessageInspection.inspect(eml.stdout)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.body.contains("Miljö: QA"))
        #expect(parsed.body.contains("HSA-id för tidbokningssystemet: SE2321000016-84GX"))
        #expect(parsed.body.contains("sourceSystem"))
        #expect(parsed.header("Message-ID")?.hasSuffix("@regionstockholm.se>") == true)
    }

    @Test func productionOrdersCarryTheComplianceStatement() throws {
        let result = try CommandRunner.ordermail(
            Self.arguments(
                ["--environment": "prod", "--requested-date": "2099-01-15"], extra: ["--confirm-compliance"]))
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try MessageInspection.inspect(result.stdout)
        #expect(parsed.body.contains("Miljö: Produktion"))
        #expect(parsed.body.contains("har säkerställt att tidbokningssystemet följer Tidbokningsdomänens anvisningar"))
        #expect(parsed.body.contains("Önskat datum för vitlistningen: 2099-01-15"))
    }

    @Test func theDateHeaderIsEnglishUnderASwedishLocale() throws {
        let locales = try CommandRunner.run("/usr/bin/locale", ["-a"])
        try #require(locales.stdoutText.lowercased().contains("sv_se.utf8"), "scripts/test generates sv_SE.UTF-8")
        let result = try CommandRunner.ordermail(
            Self.arguments([:]), environment: ["LANG": "sv_SE.UTF-8", "LC_ALL": "sv_SE.UTF-8"])
        let date = try #require(try MessageInspection.inspect(result.stdout).header("Date"))
        let pattern =
            #/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/#
        #expect(date.wholeMatch(of: pattern) != nil, "\(date)")
    }

    @Test(arguments: [("<+0530>-5:30", "+0530"), ("<-0330>3:30", "-0330"), ("UTC0", "+0000")])
    func theDateHeaderIsInTheZoneThatTZNames(zone: String, offset: String) throws {
        let before = Date()
        let result = try CommandRunner.ordermail(Self.arguments([:]), environment: ["TZ": zone])
        let date = try #require(try MessageInspection.inspect(result.stdout).header("Date"))
        #expect(date.hasSuffix(" \(offset)"), "\(date)")
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let parsed = try #require(parser.date(from: date), "\(date)")
        #expect(abs(parsed.timeIntervalSince(before)) < 60, "\(date)")
    }

    @Test func recipientsCanBeOverriddenAndCopied() throws {
        let result = try CommandRunner.ordermail(
            Self.arguments([:], extra: ["--to", "support@example.org", "--cc", "team@regionstockholm.se"]))
        let parsed = try MessageInspection.inspect(result.stdout)
        #expect(parsed.header("To") == "support@example.org")
        #expect(parsed.header("Cc") == "team@regionstockholm.se")
    }

    @Test func writesAPrivateFileAndRefusesToOverwriteIt() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let path = "\(directory)/order.eml"
        let first = try CommandRunner.ordermail(Self.arguments([:], extra: ["--output", path, "--outlook-draft"]))
        #expect(first.status == 0 && first.stdout.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let parsed = try MessageInspection.inspect(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(parsed.header("X-Unsent") == "1")
        let second = try CommandRunner.ordermail(Self.arguments([:], extra: ["--output", path]))
        #expect(second.status == 73)
        #expect(second.stderr.contains("--overwrite"))
        let forced = try CommandRunner.ordermail(Self.arguments([:], extra: ["--output", path, "--overwrite"]))
        #expect(forced.status == 0)
    }

    @Test func readsTheHSAIDFromACapturedUpdateRequest() throws {
        let path = try Self.updateRequest(["SE2321000016-84gx", "SE2321000016-84gx"])
        var arguments = Self.arguments([:])
        let index = try #require(arguments.firstIndex(of: "--hsa-id"))
        arguments.replaceSubrange(index...(index + 1), with: ["--from-update-request", path])
        let result = try CommandRunner.ordermail(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try MessageInspection.inspect(result.stdout).body.contains(": SE2321000016-84gx\n"))

        let disagreeing = try Self.updateRequest(["SE2321000016-84GX", "SE2321000016-F835"])
        arguments[index + 1] = disagreeing
        let refused = try CommandRunner.ordermail(arguments)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("SE2321000016-F835") && refused.stdout.isEmpty)

        arguments[index + 1] = "/nonexistent/update.xml"
        #expect(try CommandRunner.ordermail(arguments).status == 66)
    }

    @Test(
        "bad input exits with its code, one line on stderr, nothing on stdout",
        arguments: [
            (["--environment": "production"], [String](), Int32(64), "--confirm-compliance"),
            (["--environment": "staging"], [], 64, "--environment"),
            (["--hsa-id": "SE2321000017-84GX"], [], 64, "Luhn"),
            (
                ["--hsa-id": "TSTNMT2321000156-1079", "--environment": "production"], ["--confirm-compliance"], 64,
                "QA only"
            ),
            (["--system-name": "Cosmic\r\nBcc: victim@example.org"], [], 64, "--system-name"),
            (["--contact-email": "anna@example.org\r\nRCPT TO:<x@example.org>"], [], 64, "--contact-email"),
            (["--requested-date": "2020-01-01"], [], 64, "in the past"),
            ([:], ["--language", "de"], 64, "--language: the value 'de' is invalid"),
            ([:], ["--templates", "/nonexistent"], 78, "--templates"),
        ])
    func badInputIsRefused(_ changes: [String: String], extra: [String], status: Int32, mention: String) throws {
        let result = try CommandRunner.ordermail(Self.arguments(changes, extra: extra))
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(mention))
        #expect(result.stderr.hasPrefix("ordermail: "))
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test func aNonstandardIDNeedsTheOptInAndWarns() throws {
        let refused = try CommandRunner.ordermail(Self.arguments(["--hsa-id": "HSASERVICES-106J"]))
        #expect(refused.status == 64)
        let accepted = try CommandRunner.ordermail(
            Self.arguments(["--hsa-id": "HSASERVICES-106J"], extra: ["--allow-nonstandard-hsa-id"]))
        #expect(accepted.status == 0)
        #expect(accepted.stderr.contains("warning") && accepted.stderr.contains("HSASERVICES-106J"))
        let body = try MessageInspection.inspect(accepted.stdout).body
        #expect(body.contains("Tidbokningssystemets id: HSASERVICES-106J"))
        #expect(!body.contains("HSA-id för tidbokningssystemet"))
    }

    static func updateRequest(_ sourceSystems: [String]) throws -> String {
        let engagements = sourceSystems.map {
            "<e:engagementTransaction><e:engagement><c:sourceSystem>\($0)</c:sourceSystem></e:engagement></e:engagementTransaction>"
        }.joined()
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:e="urn:riv:itintegration:engagementindex:UpdateResponder:1" \
            xmlns:c="urn:riv:itintegration:engagementindex:1"><s:Body><e:Update>\(engagements)</e:Update></s:Body></s:Envelope>
            """
        let path = try CommandRunner.temporaryDirectory() + "/update.xml"
        try xml.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}
