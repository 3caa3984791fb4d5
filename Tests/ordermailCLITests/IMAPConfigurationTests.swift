import Foundation
import Testing

/// The IMAP keys' local checks, which `config check` runs before it connects to either server.
@Suite("IMAP configuration")
struct IMAPConfigurationTests {
    /// `config check` with an SMTP server that never answers (port 9 on loopback) and `imap` lines.
    static func check(_ imap: String, environment: [String: String] = SendCommandTests.passwordEnvironment) throws
        -> ProcessResult
    {
        let config = """
            smtp-url = smtp://127.0.0.1:9
            smtp-user = anna
            connect-timeout = 1
            timeout = 2
            contact-email = anna.andersson@regionstockholm.se
            \(imap)
            """
        return try CommandRunner.ordermail(
            ["config", "check"], environment: environment, home: ConfigCommandTests.home(config: config))
    }

    @Test func anIMAPURLWithoutAUserIsAConfigurationError() throws {
        let result = try Self.check("imap-url = imaps://imap.regionstockholm.se/INBOX")
        #expect(result.status == 78)
        #expect(
            result.stderr.contains("imap-user: no user for imaps://imap.regionstockholm.se/INBOX"), "\(result.stderr)")
    }

    @Test func aMissingIMAPPasswordIsFoundBeforeConnecting() throws {
        let result = try Self.check("imap-url = imaps://imap.regionstockholm.se/INBOX\nimap-user = team")
        #expect(result.status == 78, "the SMTP server on port 9 was never tried: \(result.stderr)")
        #expect(
            result.stderr.contains("imap-password-env: the environment variable ORDERMAIL_IMAP_PASSWORD is not set"))
    }

    @Test func twoIMAPPasswordSourcesAreRefusedNamingBoth() throws {
        let result = try Self.check("imap-password-env = A\nimap-password-file = /nonexistent")
        #expect(result.status == 78)
        #expect(
            result.stderr.contains("imap-password-env/-command/-file in ")
                && result.stderr.contains("give at most one password source"))
        #expect(
            result.stderr.contains(":6 (imap-password-env)") && result.stderr.contains(":7 (imap-password-file)"),
            "\(result.stderr)")
    }

    @Test func plainTextIMAPToARemoteHostIsRefused() throws {
        let result = try Self.check(
            "imap-url = imap://imap.regionstockholm.se/INBOX\nimap-user = team\nimap-tls = none",
            environment: ["ORDERMAIL_SMTP_PASSWORD": "x", "ORDERMAIL_IMAP_PASSWORD": "y"])
        #expect(result.status == 78)
        #expect(
            result.stderr.contains("imap-tls: plain text (imap-tls = none) is allowed only to a loopback address"),
            "\(result.stderr)")
    }

    @Test func aBadIMAPURLNamesTheRule() throws {
        let result = try Self.check("imap-url = imaps://imap.regionstockholm.se/IN*BOX")
        #expect(result.status == 78)
        #expect(result.stderr.contains("must be imaps://host[:port]/MAILBOX"), "\(result.stderr)")
    }
}
