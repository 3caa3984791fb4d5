import Foundation
import OrderMail
import Testing

/// `Tests/Helpers/hostile_imap.py` on 127.0.0.1 (plain text, `imap-tls = none`), serving the `UID.eml`
/// files of a folder, for as long as the value lives.
final class HostileIMAPServer {
    let folder: String
    let log: String
    var port: Int { helper.port }
    var url: String { "imap://127.0.0.1:\(port)/INBOX" }
    private let helper: PortHelperProcess

    init(phantoms: Int = 0, claims: [UInt32: Int] = [:]) throws {
        folder = try CommandRunner.temporaryDirectory()
        log = folder + "/commands.log"
        helper = try PortHelperProcess(
            script: "hostile_imap.py",
            arguments: ["--mail-dir", folder, "--log", log, "--phantoms", "\(phantoms)"]
                + claims.flatMap { ["--claim", "\($0.key)=\($0.value)"] })
    }

    func put(_ message: [UInt8], uid: UInt32) throws {
        try Data(message).write(to: URL(fileURLWithPath: "\(folder)/\(uid).eml"))
    }

    /// The commands the server got after the login, and then forgets them.
    func takeCommands() throws -> [String] {
        guard FileManager.default.fileExists(atPath: log) else { return [] }
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try FileManager.default.removeItem(atPath: log)
        return text.split(separator: "\n").map(String.init)
    }

    var settings: IMAPSettings {
        IMAPSettings(
            url: url, user: "anna", password: IMAPMailboxTests.secret("lösen"), tls: .none, connectTimeout: 3,
            timeout: 20)
    }
}

/// IMAP replies that real servers may send and libcurl cannot read whole, from a server of the tests' own.
@Suite("IMAP against a hostile server")
struct HostileIMAPTests {
    static let since = IMAPMailboxTests.date("2026-11-01T00:00:00Z")

    @Test func tagLinesInABodyAreBody() throws {
        let server = try HostileIMAPServer()
        let body = (1...9).map { "A00\($0) OK done\r\nO00\($0) OK done\r\n* 3 EXISTS" }.joined(separator: "\r\n")
        let message = IMAPMailboxTests.message(1, body: body)
        try server.put(message, uid: 1)
        try server.put(IMAPMailboxTests.message(2), uid: 2)
        let fetched = try IMAPMailbox(settings: server.settings).fetch(since: Self.since)
        #expect(fetched.map(\.bytes) == [message, IMAPMailboxTests.message(2)])
    }

    @Test func aSearchAnswerOverAQuarterMegabyteIsReadWhole() throws {
        // 30,000 UIDs of expunged messages: an answer of about 330 KB, one line.
        let server = try HostileIMAPServer(phantoms: 30_000)
        try server.put(IMAPMailboxTests.message(1), uid: 4)
        try server.put(IMAPMailboxTests.message(2), uid: 9)
        let fetched = try IMAPMailbox(settings: server.settings).fetch(since: Self.since)
        #expect(fetched.map(\.id.uid) == [4, 9])
        #expect(fetched.map(\.bytes) == [IMAPMailboxTests.message(1), IMAPMailboxTests.message(2)])
    }

    /// A configuration for `replies fetch` against `server`, and the ledger with one order sent through `smtp`.
    static func sentOrder(_ smtp: SMTPTestServer, _ server: HostileIMAPServer) throws -> (
        config: String, ledger: String, messageID: String
    ) {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let sent = try SendCommandTests.send(smtp, ledger: ledger)
        try #require(sent.status == 0, "\(sent.stderr)")
        let messageID = try #require(sent.stdoutText.firstMatch(of: #/Message-ID <([^>]+)>/#)?.1)
        let config = folder + "/config"
        try "imap-url = \(server.url)\nimap-user = anna\nimap-tls = none\n".write(
            toFile: config, atomically: false, encoding: .utf8)
        #expect(chmod(config, 0o600) == 0)
        return (config, ledger, String(messageID))
    }

    static func reply(to messageID: String, number: Int) -> [UInt8] {
        Array(
            ("From: 1177 <e-tjanster@1177.se>\r\nTo: anna.andersson@regionstockholm.se\r\nSubject: SV: Beställning\r\n"
                + "Message-ID: <fetched-\(number)@1177.se>\r\nIn-Reply-To: <\(messageID)>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Svar nummer \(number).\r\n").utf8)
    }

    @Test func aSecondFetchDownloadsNothingOldAndAThirdOnlyTheNewMessage() throws {
        let smtp = try SMTPTestServer()
        let server = try HostileIMAPServer()
        let (config, ledger, messageID) = try Self.sentOrder(smtp, server)
        try server.put(Self.reply(to: messageID, number: 1), uid: 1)
        try server.put(Self.reply(to: messageID, number: 2), uid: 2)
        let environment = ["ORDERMAIL_IMAP_PASSWORD": "lösen"]
        let fetch = ["replies", "fetch", "--config", config, "--ledger", ledger]
        let first = try CommandRunner.ordermail(fetch, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdoutText.contains("imap 1701/1: order 1: reply, recorded as replied"), "\(first.stdoutText)")
        #expect(first.stdoutText.contains("imap 1701/2: order 1: reply"), "\(first.stdoutText)")
        #expect(try server.takeCommands().filter { $0.contains("BODY.PEEK") }.count == 2)

        let second = try CommandRunner.ordermail(fetch, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdoutText.isEmpty, "\(second.stdoutText)")
        let commands = try server.takeCommands()
        #expect(commands.contains { $0.hasPrefix("UID SEARCH UID 3:* SINCE ") }, "\(commands)")
        #expect(!commands.contains { $0.contains("BODY.PEEK") || $0.contains("RFC822.SIZE") }, "\(commands)")

        try server.put(Self.reply(to: messageID, number: 3), uid: 3)
        let third = try CommandRunner.ordermail(fetch, environment: environment)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(
            third.stdoutText.hasPrefix("imap 1701/3: order 1:") && third.stdoutText.split(separator: "\n").count == 1,
            "\(third.stdoutText)")
        #expect(try server.takeCommands().filter { $0.contains("BODY.PEEK") } == ["UID FETCH 3 BODY.PEEK[]"])
        #expect(
            try LedgerCommandTests.sqlite(ledger, "SELECT uid_validity, last_uid FROM mailbox_positions").stdoutText
                == "1701|3\n")
    }

    @Test func aMessageOverTheLimitIsSkippedWithANoteAndTheRestImported() throws {
        let smtp = try SMTPTestServer()
        // The server says UID 1 has 41 MiB: it is never downloaded.
        let server = try HostileIMAPServer(claims: [1: 41 * 1024 * 1024])
        let (config, ledger, messageID) = try Self.sentOrder(smtp, server)
        try server.put(Self.reply(to: messageID, number: 1), uid: 1)
        try server.put(Self.reply(to: messageID, number: 2), uid: 2)
        let fetched = try CommandRunner.ordermail(
            ["replies", "fetch", "--config", config, "--ledger", ledger],
            environment: ["ORDERMAIL_IMAP_PASSWORD": "lösen"])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(
            fetched.stdoutText.contains(
                "imap 1701/1: skipped: left on the server: 42991616 bytes is over the 41943040 bytes fetched"),
            "\(fetched.stdoutText)")
        #expect(
            fetched.stdoutText.contains("imap 1701/2: order 1: reply, recorded as replied"), "\(fetched.stdoutText)")
        #expect(fetched.stderr.contains("1 skipped"), "\(fetched.stderr)")
        #expect(try server.takeCommands().filter { $0.contains("BODY.PEEK") } == ["UID FETCH 2 BODY.PEEK[]"])
    }
}
