import ArgumentParser
import Foundation
import OrderMail

/// `ordermail config`: writes and checks the configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Write or check the configuration.",
        subcommands: [CheckCommand.self, InitCommand.self])

    /// `ordermail config check`: prints the effective settings, then logs in without sending.
    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Check the settings, then log in to the SMTP server without sending, and to the IMAP mailbox when one is configured.",
            discussion: """
                Prints every key's effective value and where it came from (the file's line, a flag, \
                or the default), the password's source but never its value, then connects, upgrades \
                to TLS and logs in. With smtp-user set, a login must take place: a server that offers \
                none is an error (77). With imap-url set, it also logs in to the IMAP server, examines \
                the mailbox read-only and prints how many messages it holds, changing nothing. Exits 0 \
                when every login works, else with the failure's code and nothing on stdout.
                """)

        @OptionGroup var addressing: AddressingOptions
        @OptionGroup var smtp: SMTPOptions
        @OptionGroup var common: CommonOptions

        @Flag(help: "Print the SMTP and IMAP conversations on stderr (authentication redacted, no message contents).")
        var verbose = false

        func run() throws {
            let configuration = try common.configuration().overridden(by: addressing.overrides()).overridden(
                by: smtp.overrides())
            let settings = try configuration.smtpSettings(
                environment: CommonOptions.environment, envelopeSender: configuration.envelopeSender)
            // Both sides' local checks (files, passwords, tokens) before either connects.
            let imapSettings = try configuration.imapURL.map { _ throws(OrderMailError) in
                try configuration.imapSettings(environment: CommonOptions.environment)
            }
            if settings.tls == .none {
                Console.warning("tls = none: messages and passwords cross the network in plain text")
            }
            let trace: ((String) -> Void)? = verbose ? { line in Console.note("smtp: " + line) } : nil
            let outcome = try SMTPTransport.checkLogin(settings: settings, trace: trace)
            if let failure = outcome.failureClass {
                throw OrderMailError.delivery("smtp: cannot log in to \(settings.url): \(outcome.detail)", failure)
            }
            var mailbox: (settings: IMAPSettings, status: MailboxStatus)?
            if let imap = imapSettings {
                if imap.tls == .none {
                    Console.warning("imap-tls = none: the password and the mail cross the network in plain text")
                }
                let imapTrace: ((String) -> Void)? = verbose ? { line in Console.note("imap: " + line) } : nil
                mailbox = (imap, try IMAPMailbox(settings: imap, trace: imapTrace).check())
            }
            let report = configuration.checkReport(
                smtp: settings, ledgerPath: common.ledgerLocation(configuration).path, mailbox: mailbox)
            Console.write(Array(report.utf8))
        }
    }

    /// `ordermail config init`: writes a commented example configuration.
    struct InitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a commented example configuration file (mode 0600) to edit.")

        @OptionGroup var common: CommonOptions

        @Flag(help: "Overwrite an existing file.")
        var overwrite = false

        func run() throws {
            let (path, _) = ConfigurationFile.path(explicit: common.configPath, environment: CommonOptions.environment)
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try OutputFile.write(Array(ConfigurationFile.example.utf8), to: path, overwrite: overwrite)
            Console.write(Array("wrote \(path)\n".utf8))
        }
    }
}
