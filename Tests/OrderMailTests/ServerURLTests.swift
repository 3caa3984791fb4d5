import Testing

@testable import OrderMail

@Suite("SMTP server URLs")
struct ServerURLTests {
    @Test(
        "accepts smtp and smtps URLs with a host and an optional port",
        arguments: [
            ("smtp://smtp.regionstockholm.se:587", "smtp", "smtp.regionstockholm.se", 587),
            ("SMTPS://mail.example.org", "smtps", "mail.example.org", nil),
            ("smtp://127.0.0.1:2525/", "smtp", "127.0.0.1", 2525),
            ("smtp://[::1]:25", "smtp", "[::1]", 25),
        ])
    func acceptsServerURLs(_ text: String, scheme: String, host: String, port: Int?) throws {
        let url = try #require(ServerURL(text))
        #expect(url.scheme == scheme && url.host == host && url.port == port)
    }

    @Test(
        "refuses anything else",
        arguments: [
            "http://mail.example.org", "smtp://", "smtp://user@mail.example.org", "smtp://mail.example.org/path",
            "smtp://mail.example.org:0", "smtp://mail.example.org:70000", "smtp://mail example.org",
            "smtp://-bad.example.org",
            "smtp://mail.example.org?x=1", "smtp://[::1", "mail.example.org:25", "smtp://mail.example.org:25:26",
        ])
    func refusesOtherURLs(_ text: String) {
        #expect(ServerURL(text) == nil)
    }

    @Test func recognisesLoopbackHosts() {
        for loopback in ["smtp://localhost:25", "smtp://127.0.0.1", "smtp://127.1.2.3:2525", "smtp://[::1]"] {
            #expect(ServerURL(loopback)?.isLoopback == true, "\(loopback)")
        }
        for remote in [
            "smtp://mail.example.org", "smtp://127.example.org", "smtp://10.0.0.1", "smtp://127.evil.example.com",
            "smtp://127.0.0.256", "smtp://localhost.example.org", "smtp://128.0.0.1",
        ] {
            #expect(ServerURL(remote)?.isLoopback == false, "\(remote)")
        }
    }

    @Test func imapURLsNameAMailboxAndSMTPURLsNone() throws {
        let url = try #require(
            ServerURL("imaps://outlook.office365.com/INBOX/1177 svar", schemes: ServerURL.imapSchemes))
        #expect(
            url.scheme == "imaps" && url.host == "outlook.office365.com" && url.port == nil
                && url.mailbox == "INBOX/1177 svar")
        #expect(ServerURL("imap://127.0.0.1:1143/", schemes: ServerURL.imapSchemes)?.mailbox == nil)
        for refused in ["imaps://host/IN\"BOX", "imaps://host/*", "imaps://host/Inkorg-ä", "smtp://host/INBOX"] {
            #expect(
                ServerURL(refused, schemes: ServerURL.imapSchemes.union(ServerURL.smtpSchemes)) == nil, "\(refused)")
        }
        #expect(ServerURL("imaps://host/INBOX") == nil, "SMTP's schemes are the default")
    }
}
