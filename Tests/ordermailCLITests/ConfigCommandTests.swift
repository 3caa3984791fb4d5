import Foundation
import Testing

/// The configuration file as a user writes it, and `config check` / `config init`.
@Suite("ordermail config")
struct ConfigCommandTests {
    /// A home folder whose `~/.config/ordermail/config` holds `text`.
    static func home(config text: String) throws -> String {
        let home = try CommandRunner.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(home)/.config/ordermail", withIntermediateDirectories: true)
        try text.write(toFile: "\(home)/.config/ordermail/config", atomically: false, encoding: .utf8)
        return home
    }

    static func serverConfig(_ server: SMTPTestServer, extra: String = "") -> String {
        """
        # test configuration
        smtp-url = \(server.url())
        smtp-user = \(SMTPTestServer.user)
        ca-file = \(SMTPTestServer.certificate.cert)
        timeout = 4
        connect-timeout = 2
        to = support@example.org
        region = Region Stockholm
        contact-name = Anna Andersson
        contact-email = anna.andersson@regionstockholm.se
        \(extra)
        """
    }

    @Test func checkPrintsTheSettingsAndLogsInWithoutSending() throws {
        let server = try SMTPTestServer()
        let home = try Self.home(config: Self.serverConfig(server))
        let result = try CommandRunner.ordermail(
            ["config", "check"], environment: SendCommandTests.passwordEnvironment, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("password:           from the environment variable ORDERMAIL_SMTP_PASSWORD"))
        #expect(result.stdoutText.contains("to:                 support@example.org  ("), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("login ok"))
        #expect(!result.stdoutText.contains(SMTPTestServer.password))
        #expect(try server.received().isEmpty)
        #expect(server.quitCount() == 1, "the check ends its SMTP session with QUIT")
        let wrong = try CommandRunner.ordermail(
            ["config", "check"], environment: ["ORDERMAIL_SMTP_PASSWORD": "nej"], home: home)
        #expect(wrong.status == 77)
        #expect(wrong.stdout.isEmpty, "a failed check prints nothing on stdout")
    }

    @Test func composeTakesOrderDefaultsFromTheConfiguration() throws {
        let server = try SMTPTestServer()
        let home = try Self.home(config: Self.serverConfig(server, extra: "region-domains = example.org"))
        let result = try CommandRunner.ordermail(
            ["compose", "--environment", "qa", "--hsa-id", "SE2321000016-84GX", "--system-name", "Cosmic Tidbok"],
            home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try MessageInspection.inspect(result.stdout)
        #expect(parsed.fromDisplayName == "Anna Andersson" && parsed.header("To") == "support@example.org")
        #expect(parsed.body.contains("Region Stockholm"))
        #expect(result.stderr.contains("outside the region's domains"))
        let overridden = try CommandRunner.ordermail(
            [
                "compose", "--environment", "qa", "--hsa-id", "SE2321000016-84GX", "--system-name", "Cosmic Tidbok",
                "--region", "Region Uppsala", "--to", "other@example.org",
            ], home: home)
        let reparsed = try MessageInspection.inspect(overridden.stdout)
        #expect(reparsed.body.contains("Region Uppsala") && reparsed.header("To") == "other@example.org")
    }

    @Test func aTechnicalSenderGoesIntoSenderAndTheEnvelope() throws {
        let server = try SMTPTestServer()
        let home = try Self.home(config: Self.serverConfig(server, extra: "from = ordermail@regionstockholm.se"))
        let ledger = try LedgerCommandTests.ledgerPath()
        let result = try CommandRunner.ordermail(
            [
                "send", "--environment", "qa", "--hsa-id", "SE2321000016-84GX", "--system-name", "Cosmic Tidbok",
                "--ledger", ledger,
            ],
            environment: SendCommandTests.passwordEnvironment, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let received = try #require(try server.received().first)
        #expect(received.envelope["mail_from"] as? String == "ordermail@regionstockholm.se")
        let parsed = try MessageInspection.inspect(received.bytes)
        #expect(parsed.header("Sender") == "ordermail@regionstockholm.se")
        #expect(parsed.fromAddress == "anna.andersson@regionstockholm.se")
    }

    @Test(
        "refuses a faulty configuration with the file, line and key",
        arguments: [
            ("smtp-url = smtp://x.example.org\nsmtp-host = x\n", ":2: unknown key \"smtp-host\""),
            ("tls = sometimes\n", ":1: tls: must be starttls, implicit or none"),
            ("timeout = 60\ntimeout = 30\n", ":2: timeout is set twice"),
            ("to = not an address\n", ":1: to:"),
            ("just text\n", ":1: expected key = value"),
            ("region = Region Stockholm # our region\n", ":1: region: a value cannot hold #"),
            ("password-env = SMTP_PASSWORD\npassword-file = /home/anna/password\n", ":1 (password-env)"),
            ("region-hsa-id = SE2321000017-A65H\n", ":1: region-hsa-id:"),
            ("ehlo-domain = x.se/../y\n", ":1: ehlo-domain:"),
        ])
    func refusesFaultyConfiguration(_ text: String, message: String) throws {
        let home = try Self.home(config: text)
        let result = try CommandRunner.ordermail(["config", "check"], home: home)
        #expect(result.status == 78)
        #expect(result.stderr.contains("/.config/ordermail/config" + message), "\(result.stderr)")
    }

    @Test func aPasswordFileOthersMayReadIsRefusedAndAPrivateOneWorks() throws {
        let server = try SMTPTestServer()
        let home = try CommandRunner.temporaryDirectory()
        let passwordFile = "\(home)/password"
        try Data((SMTPTestServer.password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        #expect(chmod(passwordFile, 0o644) == 0)
        let config = "\(home)/ordermail.conf"
        try Self.serverConfig(server, extra: "password-file = \(passwordFile)").write(
            toFile: config, atomically: false, encoding: .utf8)
        let refused = try CommandRunner.ordermail(["config", "check", "--config", config], home: home)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("chmod 600"))
        #expect(chmod(passwordFile, 0o600) == 0)
        let accepted = try CommandRunner.ordermail(["config", "check", "--config", config], home: home)
        #expect(accepted.status == 0, "\(accepted.stderr)")
    }

    @Test func aPasswordCommandsOutputIsThePassword() throws {
        let server = try SMTPTestServer()
        let home = try CommandRunner.temporaryDirectory()
        let secretFile = "\(home)/secret"
        try Data(SMTPTestServer.password.utf8).write(to: URL(fileURLWithPath: secretFile))
        let result = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
                SMTPTestServer.certificate.cert, "--ehlo-domain", "regionstockholm.se", "--password-command",
                "cat \(secretFile)",
            ],
            home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("from the output of the command"))
        let failing = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user,
                "--ehlo-domain", "regionstockholm.se", "--password-command", "exit 3",
            ], home: home)
        #expect(failing.status == 78 && failing.stderr.contains("exit status 3"))
    }

    @Test func plainTextNeedsAnExplicitSettingAndAuthenticatesOnlyToLoopback() throws {
        let server = try SMTPTestServer(tls: "none")
        let ledger = try LedgerCommandTests.ledgerPath()
        let home = try Self.home(config: Self.serverConfig(server, extra: "tls = none"))
        let result = try CommandRunner.ordermail(
            [
                "send", "--environment", "qa", "--hsa-id", "SE2321000016-84GX", "--system-name", "Cosmic Tidbok",
                "--ledger", ledger,
            ],
            environment: SendCommandTests.passwordEnvironment, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("plain text"))
        let remote = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", "smtp://mail.example.org:25", "--tls", "none", "--smtp-user", "anna",
                "--ehlo-domain", "regionstockholm.se",
            ],
            environment: SendCommandTests.passwordEnvironment, home: try CommandRunner.temporaryDirectory())
        #expect(remote.status == 64, "every value came from a flag: \(remote.stderr)")
        #expect(remote.stderr.hasPrefix("ordermail: --tls: ") && remote.stderr.contains("loopback"))
    }

    @Test func initWritesACommentedExampleThatLoads() throws {
        let home = try CommandRunner.temporaryDirectory()
        let written = try CommandRunner.ordermail(["config", "init"], home: home)
        #expect(written.status == 0)
        let path = "\(home)/.config/ordermail/config"
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("# The SMTP server."))
        #expect(try CommandRunner.ordermail(["config", "init"], home: home).status == 73)
        // The example loads as it is (compose reads the same file; nothing connects anywhere).
        let composed = try CommandRunner.ordermail(ComposeCommandTests.arguments([:]), home: home)
        #expect(composed.status == 0, "\(composed.stderr)")
    }

    @Test func everyExampleLineCanBeUncommentedAsItIs() throws {
        let home = try CommandRunner.temporaryDirectory()
        #expect(try CommandRunner.ordermail(["config", "init"], home: home).status == 0)
        let example = try String(contentsOfFile: "\(home)/.config/ordermail/config", encoding: .utf8)
        let keyLines = example.split(separator: "\n").filter { $0.wholeMatch(of: #/# [a-z0-9-]+ = .*/#) != nil }
        #expect(keyLines.count >= 15)
        for line in keyLines {
            let edited = example.replacingOccurrences(of: String(line), with: String(line.dropFirst(2)))
            let path = "\(home)/edited.conf"
            try edited.write(toFile: path, atomically: false, encoding: .utf8)
            #expect(chmod(path, 0o600) == 0)
            let listed = try CommandRunner.ordermail(["list", "--config", path], home: home)
            #expect(listed.status == 0, "\(line): \(listed.stderr)")
        }
    }

    @Test func aPasswordFromBothTheFileAndTwoFlagsIsRefused() throws {
        let home = try Self.home(config: "password-env = SMTP_PASSWORD\n")
        let twoFlags = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", "smtp://127.0.0.1:1", "--password-env", "A", "--password-file",
                "/tmp/p",
            ], home: home)
        #expect(twoFlags.status == 64)
        #expect(
            twoFlags.stderr.hasPrefix("ordermail: --password-env/-command/-file: give at most one password source"),
            "\(twoFlags.stderr)")
    }

    @Test func aConfigurationOthersMayWriteIsRefused() throws {
        let home = try Self.home(config: "region = Region Stockholm\n")
        let path = "\(home)/.config/ordermail/config"
        #expect(chmod(path, 0o666) == 0)
        let refused = try CommandRunner.ordermail(["list"], home: home)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("chmod go-w \(path)"), "expected \(path) in: \(refused.stderr)")
        #expect(chmod(path, 0o600) == 0)
        #expect(try CommandRunner.ordermail(["list"], home: home).status == 0)
    }

    @Test func aPasswordFileEndingInCRLFGivesThePasswordWithoutIt() throws {
        let server = try SMTPTestServer()
        let home = try CommandRunner.temporaryDirectory()
        let passwordFile = "\(home)/password"
        try Data((SMTPTestServer.password + "\r\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        #expect(chmod(passwordFile, 0o600) == 0)
        let result = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", server.url(), "--smtp-user", SMTPTestServer.user, "--ca-file",
                SMTPTestServer.certificate.cert, "--ehlo-domain", "regionstockholm.se", "--password-file", passwordFile,
            ], home: home)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aPasswordCommandThatHangsIsEndedWithItsChildren() throws {
        let home = try CommandRunner.temporaryDirectory()
        let marker = "\(home)/child-pid"
        let started = Date()
        let result = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", "smtp://127.0.0.1:1", "--smtp-user", "anna", "--ehlo-domain",
                "regionstockholm.se",
                "--connect-timeout", "1", "--password-command", "sleep 3599 & echo $! > \(marker); wait",
            ], home: home)
        #expect(result.status == 78)
        #expect(result.stderr.contains("did not finish within 1 s"), "\(result.stderr)")
        // Only a hang reaches this bound (the child sleeps an hour); the 1 s is checked by the message above.
        #expect(Date().timeIntervalSince(started) < 120, "took \(Date().timeIntervalSince(started)) s")
        let child = try #require(
            Int32(try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        usleep(200_000)
        // Killed, it is gone or a zombie waiting for init to reap it.
        let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.split(separator: " ")[2]
        #expect(
            state == nil || state == "Z", "the command's background child was killed too (state \(state ?? "gone"))")
        let lingering = try CommandRunner.ordermail(
            [
                "config", "check", "--smtp-url", "smtp://127.0.0.1:1", "--smtp-user", "anna", "--ehlo-domain",
                "regionstockholm.se",
                "--connect-timeout", "2", "--password-command", "echo secret; sleep 3599 &",
            ], home: home)
        #expect(
            !lingering.stderr.contains("did not finish"),
            "a background child holding the output does not block: \(lingering.stderr)")
    }

    @Test func anInterruptedOrdermailEndsItsPasswordCommandWithItsChildren() throws {
        let home = try CommandRunner.temporaryDirectory()
        let marker = "\(home)/child-pid"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = [
            "config", "check", "--smtp-url", "smtp://127.0.0.1:1", "--smtp-user", "anna", "--ehlo-domain",
            "regionstockholm.se",
            "--connect-timeout", "30", "--password-command", "sleep 3599 & echo $! > \(marker); wait",
        ]
        process.environment = CommandRunner.environment(home: home)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: marker), Date() < deadline { usleep(20_000) }
        usleep(100_000)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
        let child = try #require(
            Int32(try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        usleep(200_000)
        let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.split(separator: " ")[2]
        #expect(
            state == nil || state == "Z",
            "the password command's child was killed with ordermail (state \(state ?? "gone"))")
    }
}
