import ArgumentParser
import OrderMail

/// The flags that reach the SMTP server; each overrides the configuration's key of the same name.
/// There is deliberately no password flag: a password on the command line shows in `ps`.
struct SMTPOptions: ParsableArguments {
    @Option(help: "smtp://host[:port] (STARTTLS, required) or smtps://host[:port] (implicit TLS).")
    var smtpURL: String?

    @Option(help: "The user name to log in with.")
    var smtpUser: String?

    @Option(help: "Read the password from this environment variable (default: \(PasswordSource.defaultEnvironmentVariable)).")
    var passwordEnv: String?

    @Option(help: "Run this command (by /bin/sh) and use its output as the password.")
    var passwordCommand: String?

    @Option(help: "Read the password from this file; it must not be readable by group or others.")
    var passwordFile: String?

    @Option(help: "Trust the certificates in this file besides the system's.")
    var caFile: String?

    @Option(help: "The name to give in EHLO (default: the sender's domain).")
    var ehloDomain: String?

    @Option(help: "Seconds to connect and get the server's greeting (default 15).")
    var connectTimeout: Double?

    @Option(help: "Seconds for the whole transaction (default 60).")
    var timeout: Double?

    @Option(help: "starttls, implicit or none (none only when the configuration allows plain text).")
    var tls: String?

    func validate() throws {
        if [passwordEnv, passwordCommand, passwordFile].compactMap({ $0 }).count > 1 {
            throw ValidationError("give at most one of --password-env, --password-command and --password-file")
        }
    }

    /// The configuration values these flags set.
    func overrides() throws(OrderMailError) -> Configuration {
        var overrides = Configuration()
        overrides.smtpURL = smtpURL
        overrides.smtpUser = smtpUser
        overrides.passwordEnvironmentVariable = passwordEnv
        overrides.passwordCommand = passwordCommand
        overrides.passwordFile = passwordFile
        overrides.caFile = caFile
        overrides.ehloDomain = ehloDomain
        do {
            if let connectTimeout { overrides.connectTimeout = try Configuration.seconds(String(connectTimeout), key: "connect-timeout") }
            if let timeout { overrides.timeout = try Configuration.seconds(String(timeout), key: "timeout") }
            if let tls {
                try overrides.set("tls", to: tls)
            }
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
        return overrides
    }
}
