import Foundation
import OrderMail
import Testing

/// IMAP with OAuth 2.0: Dovecot's oauth2 passdb asks a token introspection endpoint on loopback
/// (`Tests/Helpers/oauth_introspection.py`) whether the token is valid for the user.
@Suite(
    "IMAP with OAuth 2.0 through Dovecot",
    .enabled(
        if: DovecotTestServer.canRun,
        "skipped: needs root and /usr/sbin/dovecot (dovecot-imapd) to run Dovecot with its mail user nobody"))
struct IMAPOAuthTests {
    static let token = "eyJ0eXAiOiJKV1QifQ.imap-test-token.4b1d"

    /// The introspection endpoint and a Dovecot that asks it about XOAUTH2 and OAUTHBEARER logins.
    static func servers() throws -> (introspection: IntrospectionServer, dovecot: DovecotTestServer) {
        let introspection = try IntrospectionServer(token: token, user: DovecotTestServer.user)
        let folder = try CommandRunner.temporaryDirectory()
        try """
        introspection_mode = post
        introspection_url = http://127.0.0.1:\(introspection.port)/introspect
        username_attribute = username
        active_attribute = active
        active_value = true

        """.write(toFile: "\(folder)/oauth2.conf.ext", atomically: false, encoding: .utf8)
        let passdb =
            "passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = \(folder)/oauth2.conf.ext\n}\n"
        return (introspection, try DovecotTestServer(extra: (mechanisms: "xoauth2 oauthbearer", configuration: passdb)))
    }

    static func settings(_ server: DovecotTestServer, token: String, authentication: AuthenticationMethod)
        -> IMAPSettings
    {
        var settings = IMAPMailboxTests.settings(server)
        settings.password = IMAPMailboxTests.secret(token)
        settings.authentication = authentication
        return settings
    }

    @Test(arguments: [AuthenticationMethod.xoauth2, .oauthbearer])
    func logsInWithTheTokenAndFetches(_ method: AuthenticationMethod) throws {
        let (introspection, server) = try Self.servers()
        try server.deliver(IMAPMailboxTests.message(1), at: IMAPMailboxTests.date("2026-11-20T09:00:00Z"))
        let lines = TraceLines()
        let mailbox = IMAPMailbox(
            settings: Self.settings(server, token: Self.token, authentication: method), trace: { lines.append($0) })
        let fetched = try mailbox.fetch(since: IMAPMailboxTests.date("2026-11-01T00:00:00Z"))
        #expect(fetched.map(\.bytes) == [IMAPMailboxTests.message(1)])
        let trace = lines.all.joined(separator: "\n")
        #expect(
            trace.contains("C: [redacted]") && !trace.contains(Self.token)
                && !trace.contains(Data(Self.token.utf8).base64EncodedString()))
        #expect(
            !trace.contains("AUTHENTICATE \(method.rawValue.uppercased()) "),
            "the SASL string is redacted with its command")
        let log = try String(contentsOfFile: "\(server.folder)/dovecot.log", encoding: .utf8)
        #expect(
            log.contains("Login: user=<\(DovecotTestServer.user)>, method=\(method.rawValue.uppercased())"), "\(log)")
        withExtendedLifetime(introspection) {}
    }

    @Test func aTokenTheEndpointCallsInactiveIsAPermissionFailure() throws {
        let (introspection, server) = try Self.servers()
        #expect {
            _ = try IMAPMailbox(settings: Self.settings(server, token: "expired-token", authentication: .xoauth2))
                .check()
        } throws: { error in
            (error as? OrderMailError)?.failureClass == .permission
        }
        withExtendedLifetime(introspection) {}
    }
}

/// `Tests/Helpers/oauth_introspection.py` on 127.0.0.1, for as long as the value lives.
final class IntrospectionServer {
    var port: Int { helper.port }
    private let helper: PortHelperProcess

    init(token: String, user: String) throws {
        let tokenFile = try CommandRunner.temporaryDirectory() + "/token"
        try Data(token.utf8).write(to: URL(fileURLWithPath: tokenFile))
        helper = try PortHelperProcess(
            script: "oauth_introspection.py", arguments: ["--token-file", tokenFile, "--user", user])
    }
}
