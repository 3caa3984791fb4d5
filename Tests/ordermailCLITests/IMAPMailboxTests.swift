import Foundation
import OrderMail
import Testing

/// `IMAPMailbox` and `config check` against a real Dovecot on 127.0.0.1.
@Suite(
    "IMAP mailbox through Dovecot",
    .enabled(
        if: DovecotTestServer.canRun,
        "skipped: needs root and /usr/sbin/dovecot (dovecot-imapd) to run Dovecot with its mail user nobody"))
struct IMAPMailboxTests {
    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func secret(_ text: String) -> Secret {
        var bytes = Array(text.utf8)
        return Secret(taking: &bytes)
    }

    static func settings(
        _ server: DovecotTestServer, password: String = DovecotTestServer.password, plain: Bool = false,
        tls: TLSMode = .implicit
    ) -> IMAPSettings {
        IMAPSettings(
            url: server.url(plain: plain), user: DovecotTestServer.user, password: secret(password),
            caFile: SMTPTestServer.certificate.cert, tls: tls, connectTimeout: 3, timeout: 6)
    }

    /// A reply as support writes it, CRLF line ends; `end` is what the last line ends with.
    static func message(_ number: Int, body: String = "Tack, beställningen är mottagen.", end: String = "\r\n")
        -> [UInt8]
    {
        Array(
            ("From: support@inera.se\r\nTo: anna.andersson@regionstockholm.se\r\nSubject: SV: Beställning \(number)\r\n"
                + "Message-ID: <reply-\(number)@inera.se>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(body)"
                + end).utf8)
    }

    @Test func fetchReturnsExactlyTheMessagesSinceTheDateByteForByte() throws {
        let server = try DovecotTestServer()
        let old = Self.message(1)
        let recent = Self.message(2)
        let newest = Self.message(3, body: "Sista raden utan radslut", end: "")
        try server.deliver(old, at: Self.date("2026-10-01T09:00:00Z"))
        try server.deliver(recent, at: Self.date("2026-11-20T09:00:00Z"))
        try server.deliver(newest, at: Self.date("2026-11-28T15:30:00Z"))
        let fetched = try IMAPMailbox(settings: Self.settings(server)).fetch(since: Self.date("2026-11-15T00:00:00Z"))
        #expect(fetched.map(\.bytes) == [recent, newest])
        #expect(fetched.map(\.id.uid) == [2, 3])
        #expect(Set(fetched.map(\.id.uidValidity)).count == 1 && fetched[0].id.uidValidity != 0)
    }

    @Test func fetchingChangesNoFlagsAndMovesNoFile() throws {
        let server = try DovecotTestServer()
        try server.deliver(Self.message(1), at: Self.date("2026-11-20T09:00:00Z"))
        try server.deliver(Self.message(2), at: Self.date("2026-11-21T09:00:00Z"), flags: "F")
        // Dovecot indexes the mailbox at the first login: take the names after that one.
        _ = try IMAPMailbox(settings: Self.settings(server)).check()
        let before = try server.messageFiles()
        #expect(before.count == 2 && before.allSatisfy { !$0.hasSuffix("S") })
        #expect(
            try IMAPMailbox(settings: Self.settings(server)).fetch(since: Self.date("2026-11-01T00:00:00Z")).count == 2)
        let after = try server.messageFiles()
        #expect(after == before, "Maildir keeps the flags in the file name: no \\Seen may appear")
    }

    @Test func bodyLinesThatLookLikeTagsAreBody() throws {
        let server = try DovecotTestServer()
        // libcurl's own tags are A001…, ordermail's O001…: both appear in the body.
        let tagLines = (1...12).map { String(format: "A%03d OK Fetch completed.\r\nO%03d OK Fetch completed.", $0, $0) }
            .joined(separator: "\r\n")
        let message = Self.message(1, body: "Hej!\r\n\(tagLines)\r\nMer text efter.")
        try server.deliver(message, at: Self.date("2026-11-20T09:00:00Z"))
        try server.deliver(Self.message(2), at: Self.date("2026-11-21T09:00:00Z"))
        let fetched = try IMAPMailbox(settings: Self.settings(server)).fetch(since: Self.date("2026-11-01T00:00:00Z"))
        #expect(fetched.map(\.bytes) == [message, Self.message(2)])
    }

    @Test func aMessageOfSeveralMegabytesIsFetchedWhole() throws {
        let server = try DovecotTestServer()
        // A reply with a 3 MB attachment in base64 lines, far beyond libcurl's 512 KB buffer.
        var lines: [String] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<(4 * 1024 * 1024 / 78) {
            lines.append(Data((0..<57).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString())
        }
        let large = Self.message(1, body: "Se bifogad fil.\r\n\r\n" + lines.joined(separator: "\r\n"))
        try server.deliver(large, at: Self.date("2026-11-20T09:00:00Z"))
        try server.deliver(Self.message(2), at: Self.date("2026-11-21T09:00:00Z"))
        let fetched = try IMAPMailbox(settings: Self.settings(server)).fetch(since: Self.date("2026-11-01T00:00:00Z"))
        #expect(fetched.count == 2)
        #expect(fetched.first?.bytes == large, "\(large.count) bytes sent")
        #expect(fetched.last?.bytes == Self.message(2))
    }

    @Test func aSecondRunFromThePositionReachedDownloadsOnlyNewMessages() throws {
        let server = try DovecotTestServer()
        try server.deliver(Self.message(1), at: Self.date("2026-11-20T09:00:00Z"))
        try server.deliver(Self.message(2), at: Self.date("2026-11-21T09:00:00Z"))
        let mailbox = IMAPMailbox(settings: Self.settings(server))
        var first: [UInt32] = []
        let reached = try mailbox.fetch(since: Self.date("2026-11-01T00:00:00Z"), after: nil) { item in
            if case .message(let message) = item { first.append(message.id.uid) }
        }
        #expect(first == [1, 2] && reached.lastUID == 2)
        var second: [UInt32] = []
        let still = try mailbox.fetch(since: Self.date("2026-11-01T00:00:00Z"), after: reached) { item in
            if case .message(let message) = item { second.append(message.id.uid) }
        }
        #expect(second.isEmpty && still == reached)
        try server.deliver(Self.message(3), at: Self.date("2026-11-22T09:00:00Z"))
        var third: [UInt32] = []
        _ = try mailbox.fetch(since: Self.date("2026-11-01T00:00:00Z"), after: still) { item in
            if case .message(let message) = item { third.append(message.id.uid) }
        }
        #expect(third == [3])
        // Another UIDVALIDITY means the UIDs were renumbered: everything in the window again.
        var renumbered: [UInt32] = []
        _ = try mailbox.fetch(
            since: Self.date("2026-11-01T00:00:00Z"),
            after: MailboxPosition(uidValidity: reached.uidValidity &+ 1, lastUID: 3)
        ) { item in
            if case .message(let message) = item { renumbered.append(message.id.uid) }
        }
        #expect(renumbered == [1, 2, 3])
    }

    @Test func aRefusedLoginIsPermission() throws {
        let server = try DovecotTestServer()
        #expect {
            _ = try IMAPMailbox(settings: Self.settings(server, password: "fel")).check()
        } throws: { error in
            (error as? OrderMailError)?.failureClass == .permission
        }
    }

    @Test func aMistypedMailboxIsAConfigurationErrorNamingIt() throws {
        let server = try DovecotTestServer()
        let settings = IMAPSettings(
            url: server.url(mailbox: "Support1177"), user: DovecotTestServer.user,
            password: Self.secret(DovecotTestServer.password),
            caFile: SMTPTestServer.certificate.cert, tls: .implicit, connectTimeout: 3, timeout: 6)
        let error = #expect(throws: OrderMailError.self) { _ = try IMAPMailbox(settings: settings).check() }
        #expect(error?.failureClass == .configuration, "\(String(describing: error))")
        #expect(
            error?.description.hasSuffix("mailbox Support1177 does not exist (check imap-url)") == true,
            "\(String(describing: error))")
    }

    @Test func plainTextIsRefusedUnlessSaidExplicitly() throws {
        let server = try DovecotTestServer(ssl: "no")
        // imap:// means STARTTLS, which is required: a server without it gets no password.
        #expect {
            _ = try IMAPMailbox(settings: Self.settings(server, plain: true, tls: .starttls)).check()
        } throws: { error in
            (error as? OrderMailError)?.failureClass == .tls
        }
        try server.deliver(Self.message(1), at: Self.date("2026-11-20T09:00:00Z"))
        let explicit = try IMAPMailbox(settings: Self.settings(server, plain: true, tls: .none)).check()
        #expect(explicit.messageCount == 1)
    }

    @Test func theTraceRedactsTheLoginAndLeavesOutMessageContents() throws {
        let server = try DovecotTestServer()
        try server.deliver(Self.message(1, body: "Hemligt innehåll i svaret"), at: Self.date("2026-11-20T09:00:00Z"))
        let lines = TraceLines()
        let fetched = try IMAPMailbox(settings: Self.settings(server), trace: { lines.append($0) }).fetch(
            since: Self.date("2026-11-01T00:00:00Z"))
        #expect(fetched.count == 1)
        let trace = lines.all.joined(separator: "\n")
        #expect(trace.contains("C: [redacted]") && trace.contains("EXAMINE \"INBOX\"") && trace.contains("BODY.PEEK[]"))
        let plainSASL = Data("\0\(DovecotTestServer.user)\0\(DovecotTestServer.password)".utf8).base64EncodedString()
        #expect(!trace.contains(plainSASL) && !trace.contains(DovecotTestServer.password))
        #expect(!trace.contains("Hemligt") && !trace.contains("Subject:"))
    }

    @Test func configCheckExaminesTheMailboxAndCountsItsMessages() throws {
        let server = try DovecotTestServer()
        let smtp = try SMTPTestServer()
        try server.deliver(Self.message(1), at: Self.date("2026-11-20T09:00:00Z"))
        try server.deliver(Self.message(2), at: Self.date("2026-11-21T09:00:00Z"))
        let before = try server.messageFiles()
        let config = ConfigCommandTests.serverConfig(
            smtp, extra: "imap-url = \(server.url())\nimap-user = \(DovecotTestServer.user)")
        let home = try ConfigCommandTests.home(config: config)
        var environment = SendCommandTests.passwordEnvironment
        environment["ORDERMAIL_IMAP_PASSWORD"] = DovecotTestServer.password
        let result = try CommandRunner.ordermail(
            ["config", "check", "--verbose"], environment: environment, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText.contains("mailbox ok: \(server.url()): 2 messages (examined read-only, nothing changed)"),
            "\(result.stdoutText)")
        #expect(result.stdoutText.contains("imap-password:      from the environment variable ORDERMAIL_IMAP_PASSWORD"))
        #expect(!result.stderr.contains(DovecotTestServer.password) && result.stderr.contains("imap: C: [redacted]"))
        #expect(try server.messageFiles() == before)
        environment["ORDERMAIL_IMAP_PASSWORD"] = "fel"
        let refused = try CommandRunner.ordermail(["config", "check"], environment: environment, home: home)
        #expect(refused.status == 77, "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
    }

    @Test func configCheckRefusesPlainTextToALoopbackServerWithoutImapTLSNone() throws {
        let server = try DovecotTestServer(ssl: "no")
        let smtp = try SMTPTestServer()
        let config = ConfigCommandTests.serverConfig(
            smtp, extra: "imap-url = \(server.url(plain: true))\nimap-user = \(DovecotTestServer.user)")
        var environment = SendCommandTests.passwordEnvironment
        environment["ORDERMAIL_IMAP_PASSWORD"] = DovecotTestServer.password
        let refused = try CommandRunner.ordermail(
            ["config", "check"], environment: environment, home: ConfigCommandTests.home(config: config))
        #expect(refused.status == 76, "\(refused.stderr)")
        let allowed = try CommandRunner.ordermail(
            ["config", "check"], environment: environment,
            home: ConfigCommandTests.home(config: config + "\nimap-tls = none"))
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("imap-tls = none"))
    }
}

/// Lines a trace closure collects, from whichever thread calls it.
final class TraceLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
