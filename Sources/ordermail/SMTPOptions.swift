import ArgumentParser
import OrderMail

/// The flags that reach the SMTP server; each overrides the configuration's key of the same name.
/// There is deliberately no password flag: a password on the command line shows in `ps`.
struct SMTPOptions: ParsableArguments {
    @Option(help: "smtp://host[:port] (STARTTLS, required) or smtps://host[:port] (implicit TLS).")
    var smtpURL: String?

    @Option(help: "The user name to log in with; when given, a login must take place.")
    var smtpUser: String?

    @Option(
        help:
            "Read the password from this environment variable (default: \(PasswordSource.defaultEnvironmentVariable)).")
    var passwordEnv: String?

    @Option(help: "Run this command (by /bin/sh, within the connect timeout) and use its output as the password.")
    var passwordCommand: String?

    @Option(help: "Read the password from this file; it must not be readable by group or others.")
    var passwordFile: String?

    @Option(help: "password (default), xoauth2 or oauthbearer: how to log in.")
    var auth: AuthenticationMethod?

    @Option(
        help:
            "With OAuth: run this command (by /bin/sh, within the connect timeout) and use its output as the access token."
    )
    var oauth2TokenCommand: String?

    @Option(help: "Trust the certificates in this file besides the system's.")
    var caFile: String?

    @Option(help: "The name to give in EHLO: a domain name (default: the sender's domain).")
    var ehloDomain: String?

    @Option(
        help:
            "Seconds to connect and get the server's greeting (default \(ConfigurationKey.formatted(ConfigurationKey.defaultConnectTimeout)), at most --timeout)."
    )
    var connectTimeout: String?

    @Option(
        help:
            "Seconds for the whole transaction (default \(ConfigurationKey.formatted(ConfigurationKey.defaultTimeout)))."
    )
    var timeout: String?

    @Option(help: "starttls, implicit or none (none: plain text, with a warning; a login only to a loopback address).")
    var tls: TLSMode?

    /// The configuration values these flags set, each checked by its key's rule.
    func overrides() throws(OrderMailError) -> Configuration {
        try Configuration.fromFlags([
            ("smtp-url", smtpURL), ("smtp-user", smtpUser), ("password-env", passwordEnv),
            ("password-command", passwordCommand), ("password-file", passwordFile), ("auth", auth?.rawValue),
            ("oauth2-token-command", oauth2TokenCommand), ("ca-file", caFile),
            ("ehlo-domain", ehloDomain), ("connect-timeout", connectTimeout), ("timeout", timeout),
            ("tls", tls?.rawValue),
        ])
    }
}

extension TLSMode: ExpressibleByArgument {}
extension AuthenticationMethod: ExpressibleByArgument {}
