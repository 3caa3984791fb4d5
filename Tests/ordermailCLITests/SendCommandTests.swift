import Foundation
import TestSupport
import Testing

/// `ordermail send` and `config check` against a real SMTP server (aiosmtpd) on 127.0.0.1.
@Suite("ordermail send")
struct SendCommandTests {
    static let passwordEnvironment = ["ORDERMAIL_SMTP_PASSWORD": SMTPTestServer.password]

    /// `send` with the sample order, to `server` over STARTTLS with AUTH, trusting `caFile` (the test CA by default).
    static func send(
        _ server: SMTPTestServer?, ledger: String, url: String? = nil, changes: [String: String] = [:],
        extra: [String] = [],
        environment: [String: String] = passwordEnvironment, caFile: String? = SMTPTestServer.certificate.cert
    ) throws -> ProcessResult {
        var arguments = ComposeCommandTests.arguments(changes, extra: extra)
        arguments[0] = "send"
        arguments += [
            "--smtp-url", url ?? server?.url() ?? "", "--smtp-user", SMTPTestServer.user, "--ledger", ledger,
            "--to", "support@example.org", "--timeout", "4", "--connect-timeout", "2",
        ]
        if let caFile { arguments += ["--ca-file", caFile] }
        return try CommandRunner.ordermail(arguments, environment: environment)
    }

    /// The ledger's events for `order`, as `type|detail` lines.
    static func events(_ ledger: String, order: Int = 1) throws -> [String] {
        try LedgerCommandTests.sqlite(
            ledger, "SELECT type || '|' || coalesce(detail, '') FROM events WHERE order_id = \(order) ORDER BY sequence"
        )
        .stdoutText.split(separator: "\n").map(String.init)
    }

    static func storedMessage(_ ledger: String, order: Int = 1) throws -> [UInt8] {
        try CommandRunner.ordermail(["show", String(order), "--eml", "--ledger", ledger]).stdout
    }

    @Test func sendsOverSTARTTLSWithAUTHAndRecordsTheReply() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(server, ledger: ledger, extra: ["--cc", "team@regionstockholm.se"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText.hasPrefix("sent order 1 to support@example.org, team@regionstockholm.se, Message-ID <"))
        #expect(result.stdoutText.contains("250 2.0.0 Ok: queued as test-1"))
        let received = try #require(try server.received().first)
        #expect(received.bytes == (try Self.storedMessage(ledger)))
        #expect(received.envelope["mail_from"] as? String == "anna.andersson@regionstockholm.se")
        #expect(received.envelope["rcpt_tos"] as? [String] == ["support@example.org", "team@regionstockholm.se"])
        #expect(received.envelope["tls"] as? Bool == true && received.envelope["authenticated"] as? Bool == true)
        #expect(server.ehloNames().allSatisfy { $0 == "regionstockholm.se" })
        #expect(try Self.events(ledger) == ["sending|", "sent|250 2.0.0 Ok: queued as test-1"])
        #expect(try MessageInspection.inspect(received.bytes).defects.isEmpty)
    }

    @Test func sendsTheSameMessageComposePrintsApartFromDateAndMessageID() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let composed = try CommandRunner.ordermail(
            ComposeCommandTests.arguments([:], extra: ["--to", "support@example.org"]))
        _ = try Self.send(server, ledger: ledger)
        let sent = try #require(try server.received().first).bytes
        let varying = { (bytes: [UInt8]) in
            String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
                .filter { !$0.hasPrefix("Date: ") && !$0.hasPrefix("Message-ID: ") }
        }
        #expect(varying(sent) == varying(composed.stdout))
    }

    @Test func keepsDotLinesIntactThroughLibcurlsDotStuffing() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let templates = try CommandRunner.temporaryDirectory()
        try FileManager.default.copyItem(
            atPath: "\(CommandRunner.packageRoot)/Templates/whitelisting.sv.subject.mustache",
            toPath: "\(templates)/whitelisting.sv.subject.mustache")
        try "{{% CONTENT_TYPE: TEXT }}\nHej\n.\n.x\n..y\n{{systemName}}\n".write(
            toFile: "\(templates)/whitelisting.sv.body.mustache", atomically: false, encoding: .utf8)
        let result = try Self.send(server, ledger: ledger, extra: ["--templates", templates])
        #expect(result.status == 0, "\(result.stderr)")
        let received = try #require(try server.received().first).bytes
        #expect(received == (try Self.storedMessage(ledger)))
        #expect(String(decoding: received, as: UTF8.self).contains("\r\n.\r\n.x\r\n..y\r\n"))
        #expect(try MessageInspection.inspect(received).body == "Hej\n.\n.x\n..y\nCosmic Tidbok\n")
    }

    @Test(
        "server refusals exit with their code and record the outcome",
        arguments: [
            ("mail-550", Int32(69), "failed-permanent", "550 5.7.1 Sender not allowed"),
            ("rcpt-550", 69, "failed-permanent", "550 5.1.1 No such user here"),
            ("data-451", 75, "failed-temporary", "451 4.3.0 Try again later"),
            ("data-554", 69, "failed-permanent", "554 5.6.0 Message rejected as spam"),
        ])
    func refusals(_ behaviour: String, status: Int32, event: String, reply: String) throws {
        let server = try SMTPTestServer(behaviour: behaviour)
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(server, ledger: ledger)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(reply) && result.stdout.isEmpty)
        let events = try Self.events(ledger)
        #expect(
            events.count == 2 && events.last?.hasPrefix("\(event)|") == true && events.last?.contains(reply) == true,
            "\(events)")
    }

    @Test func aConnectionDroppedAfterTheMessageIsUnknownAndRetriedWithTheSameBytes() throws {
        let dropping = try SMTPTestServer(behaviour: "drop-after-data")
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(dropping, ledger: ledger)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("outcome unknown") && result.stderr.contains("--retry 1"))
        #expect(try Self.events(ledger).last?.hasPrefix("unknown|") == true)
        let again = try Self.send(dropping, ledger: ledger)
        #expect(again.status == 65, "an unknown outcome blocks a new order: \(again.stderr)")
        #expect(again.stderr.contains("--retry 1"))

        let good = try SMTPTestServer()
        let retried = try CommandRunner.ordermail(
            [
                "send", "--retry", "1", "--smtp-url", good.url(), "--smtp-user", SMTPTestServer.user,
                "--ca-file", SMTPTestServer.certificate.cert, "--ledger", ledger,
            ],
            environment: Self.passwordEnvironment)
        #expect(retried.status == 0, "\(retried.stderr)")
        let first = try #require(try dropping.received().first).bytes
        let second = try #require(try good.received().first).bytes
        #expect(first == second, "the retry sends the same bytes, Message-ID included")
        #expect(try Self.events(ledger).last?.hasPrefix("sent|") == true)
    }

    @Test(
        "a stalled server ends the command at its timeout, not at libcurl's 120 s wait for QUIT",
        arguments: [
            ("stall-after-greeting", Int32(75), "failed-temporary"), ("stall-after-data", 74, "unknown"),
        ])
    func stalls(_ behaviour: String, status: Int32, event: String) throws {
        let server = try SMTPTestServer(behaviour: behaviour)
        let ledger = try LedgerCommandTests.ledgerPath()
        let start = Date()
        let result = try Self.send(server, ledger: ledger)
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == status, "\(result.stderr)")
        // Only a hang (libcurl waiting 120 s for the reply to QUIT) reaches this bound; times belong in scripts/bench.
        #expect(elapsed < 60, "took \(elapsed) s with --timeout 4")
        #expect(try Self.events(ledger).last?.hasPrefix("\(event)|") == true)
    }

    @Test func aRefusedPortIsATemporaryFailure() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        // A port bound but never listening refuses connections for as long as the socket is held,
        // so no other test's server can take it meanwhile.
        let holder = try #require(BoundPort())
        let closedPort = holder.port
        let result = try Self.send(nil, ledger: ledger, url: "smtp://127.0.0.1:\(closedPort)")
        #expect(result.status == 75, "\(result.stderr)")
        #expect(try Self.events(ledger).last?.hasPrefix("failed-temporary|") == true)
    }

    @Test func aWrongPasswordIsAnAuthenticationFailureAndNeverShows() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let wrong = "fel-lösenord-123"
        let result = try Self.send(
            server, ledger: ledger, extra: ["--verbose"], environment: ["ORDERMAIL_SMTP_PASSWORD": wrong])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("535"))
        #expect(try server.received().isEmpty)
        let everything = result.stderr + result.stdoutText + (try LedgerCommandTests.sqlite(ledger, ".dump").stdoutText)
        for secret in [
            wrong, Data(wrong.utf8).base64EncodedString(),
            Data("\0\(SMTPTestServer.user)\0\(wrong)".utf8).base64EncodedString(),
        ] {
            #expect(!everything.contains(secret))
        }
        #expect(result.stderr.contains("C: [redacted]"))
    }

    @Test func theRightPasswordNeverShowsInTheTraceOrLedger() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(server, ledger: ledger, extra: ["--verbose"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("S: 235"))
        let password = SMTPTestServer.password
        let plain = Data("\0\(SMTPTestServer.user)\0\(password)".utf8).base64EncodedString()
        let everything = result.stderr + (try LedgerCommandTests.sqlite(ledger, ".dump").stdoutText)
        #expect(
            !everything.contains(password) && !everything.contains(plain)
                && !everything.contains(Data(password.utf8).base64EncodedString()))
    }

    @Test func aServerWithoutSTARTTLSGetsNothing() throws {
        let server = try SMTPTestServer(tls: "none", authentication: false)
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(server, ledger: ledger)
        #expect(result.status == 76, "\(result.stderr)")
        #expect(try server.received().isEmpty)
        #expect(try Self.events(ledger).last?.hasPrefix("failed-permanent|") == true)
    }

    @Test func anUntrustedCertificateIsATLSFailureNamingTheCASetting() throws {
        let server = try SMTPTestServer()
        let result = try Self.send(server, ledger: try LedgerCommandTests.ledgerPath(), caFile: nil)
        #expect(result.status == 76, "\(result.stderr)")
        #expect(result.stderr.contains("ca-file"))
        #expect(try server.received().isEmpty)
    }

    @Test func aCertificateForAnotherHostIsATLSFailureEvenWhenTrusted() throws {
        let server = try SMTPTestServer(certificate: SMTPTestServer.otherHostCertificate)
        let result = try Self.send(
            server, ledger: try LedgerCommandTests.ledgerPath(), caFile: SMTPTestServer.otherHostCertificate.cert)
        #expect(result.status == 76, "\(result.stderr)")
        #expect(try server.received().isEmpty)
    }

    @Test func implicitTLSWorksThroughSMTPS() throws {
        let server = try SMTPTestServer(tls: "implicit")
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(server, ledger: ledger, url: server.url("smtps"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try server.received().first?.envelope["tls"] as? Bool == true)
    }

    @Test func theTLSFlagMustAgreeWithTheScheme() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try Self.send(nil, ledger: ledger, url: "smtps://127.0.0.1:1", extra: ["--tls", "starttls"])
        #expect(result.status == 64, "a flag problem: \(result.stderr)")
        #expect(result.stderr.hasPrefix("ordermail: --tls: "))
    }

    @Test func sendsAStoredDraftByteForByte() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let composed = try LedgerCommandTests.compose(ledger, extra: ["--to", "support@example.org"])
        #expect(composed.status == 0)
        let result = try CommandRunner.ordermail(
            [
                "send", "1", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user,
                "--ca-file", SMTPTestServer.certificate.cert, "--ledger", ledger,
            ],
            environment: Self.passwordEnvironment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try server.received().first?.bytes == composed.stdout)
        #expect(try Self.events(ledger) == ["draft|", "sending|", "sent|250 2.0.0 Ok: queued as test-1"])
        let again = try CommandRunner.ordermail(["send", "1", "--smtp-url", server.url(), "--ledger", ledger])
        #expect(again.status == 65, "a sent order is not sent again")
    }

    @Test func aRepeatOrderIsRefusedUnlessForced() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try Self.send(server, ledger: ledger).status == 0)
        let repeated = try Self.send(server, ledger: ledger, changes: ["--hsa-id": "SE2321000016-84gx"])
        #expect(repeated.status == 65)
        #expect(repeated.stderr.contains("order 1") && repeated.stderr.contains("--force"))
        #expect(try server.received().count == 1)
        let forced = try Self.send(server, ledger: ledger, extra: ["--force"])
        #expect(forced.status == 0)
        let production = try Self.send(
            server, ledger: ledger, changes: ["--environment": "production"], extra: ["--confirm-compliance"])
        #expect(production.status == 0, "production is another environment: \(production.stderr)")
        #expect(!production.stderr.contains("no QA order for"))
        let message = try #require(try server.received().last).bytes
        #expect(try MessageInspection.inspect(message).body.contains("Vitlistningen i QA beställdes"))
    }
}
