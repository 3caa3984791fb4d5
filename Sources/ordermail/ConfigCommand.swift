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
            abstract: "Print the effective settings, then connect and log in to the SMTP server without sending.",
            discussion: "The password's source is shown, never its value. Exits 0 when the login works, else with the failure's code.")

        @OptionGroup var addressing: AddressingOptions
        @OptionGroup var smtp: SMTPOptions
        @OptionGroup var common: CommonOptions

        @Flag(help: "Print the SMTP conversation on stderr (authentication redacted).")
        var verbose = false

        func run() throws {
            let configuration = try common.configuration().overridden(by: addressing.overrides()).overridden(by: smtp.overrides())
            let addressing = try configuration.addressing()
            let settings = try configuration.smtpSettings(
                environment: ProcessEnvironment.variables,
                envelopeSender: configuration.from ?? (try? EmailAddress(configuration.contactEmail ?? "", field: "contact-email")))
            let rows: [(String, String?)] = [
                ("configuration", configuration.path ?? "(none)"),
                ("smtp-url", settings.url), ("tls", settings.tls.rawValue), ("smtp-user", settings.user),
                ("password", configuration.passwordSource.map { "from the \($0)" }),
                ("ca-file", settings.caFile ?? "(system certificates)"), ("ehlo-domain", settings.ehloDomain),
                ("connect-timeout", "\(settings.connectTimeout) s"), ("timeout", "\(settings.timeout) s"),
                ("to", addressing.to.map(\.address).joined(separator: ", ")),
                ("cc", addressing.cc.isEmpty ? nil : addressing.cc.map(\.address).joined(separator: ", ")),
                ("from (sender)", addressing.sender?.address), ("ledger", common.ledgerLocation(configuration).path),
                ("region", configuration.region), ("region-hsa-id", configuration.regionHSAID),
                ("contact-name", configuration.contactName), ("contact-email", configuration.contactEmail),
                ("contact-phone", configuration.contactPhone),
                ("region-domains", configuration.regionDomains?.joined(separator: ", ")),
            ]
            let text = rows.compactMap { key, value in value.map { "\(key):" + String(repeating: " ", count: max(1, 17 - key.count)) + $0 } }
            Console.write(Array((text.joined(separator: "\n") + "\n").utf8))
            if settings.tls == .none { Console.warning("tls = none: messages and passwords cross the network in plain text") }
            let trace: ((String) -> Void)? = verbose ? { line in Console.note("smtp: " + line) } : nil
            let outcome = try SMTPTransport.checkLogin(settings: settings, trace: trace)
            guard let failure = outcome.failureClass else {
                Console.write(Array("login ok: \(settings.url)\n".utf8))
                return
            }
            throw OrderMailError.delivery("cannot log in to \(settings.url): \(outcome.detail)", failure)
        }
    }

    /// `ordermail config init`: writes a commented example configuration.
    struct InitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a commented example configuration file (mode 0600) to edit.")

        @OptionGroup var common: CommonOptions

        @Flag(help: "Overwrite an existing file.")
        var force = false

        func run() throws {
            let (path, _) = ConfigurationFile.path(explicit: common.configPath, environment: ProcessEnvironment.variables)
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try OutputFile.create(at: path, overwrite: force).write(Array(ConfigurationFile.example.utf8))
            Console.write(Array("wrote \(path)\n".utf8))
        }
    }
}
