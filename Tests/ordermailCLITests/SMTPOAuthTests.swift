import Foundation
import Testing

/// `send` and `config check` with OAuth 2.0 (XOAUTH2) against aiosmtpd on 127.0.0.1.
@Suite("SMTP with OAuth 2.0")
struct SMTPOAuthTests {
    static let token = "eyJ0eXAiOiJKV1QifQ.ordermail-test-token.9f3a7c"

    /// A token command that prints `token` from a private file, and the flags that use it.
    static func oauthFlags(token: String = token) throws -> [String] {
        let file = try CommandRunner.temporaryDirectory() + "/token"
        try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: file))
        return ["--auth", "xoauth2", "--oauth2-token-command", "cat \(file)", "--verbose"]
    }

    /// Every form of the token that must never be shown: itself and the SASL string, plain and base64.
    static func forms(of token: String) -> [String] {
        let sasl = "user=\(SMTPTestServer.user)\u{1}auth=Bearer \(token)\u{1}\u{1}"
        return [token, Data(token.utf8).base64EncodedString(), Data(sasl.utf8).base64EncodedString()]
    }

    /// stdout, stderr and every byte of the ledger file, as text.
    static func everything(_ result: ProcessResult, ledger: String) throws -> String {
        let file = try Data(contentsOf: URL(fileURLWithPath: ledger))
        return result.stdoutText + result.stderr + String(decoding: file, as: UTF8.self)
            + (try LedgerCommandTests.sqlite(ledger, ".dump").stdoutText)
    }

    @Test func sendsWithXOAUTH2AndTheTokenNeverShows() throws {
        let server = try SMTPTestServer(xoauth2Token: Self.token)
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try SendCommandTests.send(server, ledger: ledger, extra: Self.oauthFlags(), environment: [:])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("C: [redacted]") && result.stderr.contains("S: 235"))
        let received = try server.received()
        #expect(received.count == 1 && received.first?.envelope["authenticated"] as? Bool == true)
        let everything = try Self.everything(result, ledger: ledger)
        for form in Self.forms(of: Self.token) { #expect(!everything.contains(form)) }
    }

    @Test func aRefusedTokenIsAPermissionFailureAndNeverShows() throws {
        let server = try SMTPTestServer(xoauth2Token: "the-token-the-server-expects")
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try SendCommandTests.send(server, ledger: ledger, extra: Self.oauthFlags(), environment: [:])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("535"))
        #expect(try server.received().isEmpty)
        let everything = try Self.everything(result, ledger: ledger)
        for form in Self.forms(of: Self.token) { #expect(!everything.contains(form)) }
    }

    @Test func configCheckLogsInWithTheToken() throws {
        let server = try SMTPTestServer(xoauth2Token: Self.token)
        let home = try ConfigCommandTests.home(config: ConfigCommandTests.serverConfig(server))
        let result = try CommandRunner.ordermail(["config", "check"] + Self.oauthFlags(), environment: [:], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText.contains("password:           OAuth 2.0 (xoauth2): the token from oauth2-token-command"))
        #expect(result.stdoutText.contains("login ok"))
        for form in Self.forms(of: Self.token) { #expect(!(result.stdoutText + result.stderr).contains(form)) }
    }

    @Test func oauthWithoutATokenCommandIsAConfigurationError() throws {
        let server = try SMTPTestServer(xoauth2Token: Self.token)
        let home = try ConfigCommandTests.home(config: ConfigCommandTests.serverConfig(server, extra: "auth = xoauth2"))
        let result = try CommandRunner.ordermail(["config", "check"], environment: [:], home: home)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("oauth2-token-command: auth = xoauth2 needs a command"))
    }
}

/// OAuth against a server that offers only password mechanisms.
@Suite("SMTP with OAuth 2.0 against a server without it")
struct SMTPOAuthNotOfferedTests {
    @Test func theMechanismsTheServerOffersAreNamedAndNothingIsSent() throws {
        let server = try SMTPTestServer()
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try SendCommandTests.send(
            server, ledger: ledger, extra: SMTPOAuthTests.oauthFlags(), environment: [:])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(
            result.stderr.contains("the server does not offer AUTH XOAUTH2, which auth asks for (offered: "),
            "\(result.stderr)")
        let offered = try #require(result.stderr.firstMatch(of: #/offered: ([A-Z0-9 -]+)\)/#)?.1)
        #expect(offered.split(separator: " ").contains("PLAIN"), "\(offered)")
        let error = try #require(result.stderr.split(separator: "\n").last)
        #expect(
            error.hasPrefix(
                "ordermail: order 1 to support@example.org: login refused: no login took place: the server does not offer AUTH XOAUTH2"
            ), "\(error)")
        #expect(!error.contains("250 HELP"))
        #expect(try server.received().isEmpty)
    }
}
