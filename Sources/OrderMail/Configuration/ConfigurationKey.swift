import Foundation
import OrderMailCore

/// One key of the configuration: its name, what it means, an example, and the rule its value must
/// meet. The file parser, the example `config init` writes, `config check`'s rows and the flags
/// that override the file are all made from ``all``.
public struct ConfigurationKey: Sendable {
    /// The key as the file writes it; the flag that overrides it is `--` and the same name.
    public let name: String
    /// One line on what it means.
    public let summary: String
    /// A value for the example file.
    public let example: String
    /// Whether `config init` writes it uncommented.
    public let enabledInExample: Bool
    /// The heading it stands under in the example file.
    public let section: Section
    /// Checks a value; the error's field is the key.
    let check: @Sendable (String) throws(FieldError) -> Void

    /// The headings of the example file, in order.
    public enum Section: String, Sendable, CaseIterable {
        case server = "The SMTP server. smtp:// uses STARTTLS, which is required; smtps:// is implicit TLS."
        case password = "The password never goes in this file. Give at most one source."
        case authentication =
            "How to log in to the SMTP and IMAP servers: password, or OAuth 2.0 (xoauth2 or oauthbearer) with a token command."
        case imap =
            "The mailbox support's replies arrive in, read without changing anything. imaps:// is implicit TLS; imap:// uses STARTTLS, which is required."
        case addresses =
            "Who the order goes to. to is 1177's national support (the address Inera's connection guide names)."
        case ledger = "The ledger, and who is recorded with each event (default: SUDO_USER, then the login name)."
        case order = "Defaults for the order's fields."
    }

    /// Seconds to connect and get the greeting when `connect-timeout` is not set (at most the timeout).
    public static let defaultConnectTimeout = 15.0
    /// Seconds for a whole transaction when `timeout` is not set.
    public static let defaultTimeout = 60.0

    /// Seconds as the configuration writes them: `60`, `2.5`.
    public static func formatted(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }

    /// The keys that name where the SMTP password comes from: at most one may be set.
    public static let passwordSources = ["password-env", "password-command", "password-file"]
    /// The same for IMAP's password.
    public static let imapPasswordSources = passwordSources.map { "imap-" + $0 }

    /// Every key, in the order `config init` writes them.
    public static let all: [ConfigurationKey] =
        [
            ConfigurationKey(
                "smtp-url", "smtp://host[:port] (STARTTLS) or smtps://host[:port] (implicit TLS)",
                "smtp://smtp.regionstockholm.se:587", .server
            ) { value throws(FieldError) in
                guard ServerURL(value) != nil else {
                    throw FieldError(
                        field: "smtp-url", rule: "\(Quoted(value)) must be smtp://host[:port] or smtps://host[:port]",
                        example: "smtp://smtp.regionstockholm.se:587")
                }
            },
            ConfigurationKey(
                "tls", "starttls, implicit or none (plain text, only when said explicitly)", "starttls", .server
            ) { value throws(FieldError) in
                guard TLSMode(rawValue: value) != nil else {
                    throw FieldError(field: "tls", rule: "must be starttls, implicit or none", example: "starttls")
                }
            },
            ConfigurationKey(
                "smtp-user", "the user name to log in with; when set, a login must take place", "ordermail", .server
            ) { value throws(FieldError) in
                try plainText(value, key: "smtp-user")
            },
            ConfigurationKey(
                "ca-file", "certificates to trust besides the system's", "/etc/ssl/certs/region-ca.pem", .server
            ) { value throws(FieldError) in
                try plainText(value, key: "ca-file")
            },
            ConfigurationKey(
                "ehlo-domain", "the name given in EHLO (default: the sender's domain)", "regionstockholm.se", .server
            ) { value throws(FieldError) in
                try EHLODomain.check(value, field: "ehlo-domain")
            },
            ConfigurationKey(
                "connect-timeout",
                "seconds to connect and get the greeting (default \(formatted(defaultConnectTimeout)), at most the timeout)",
                formatted(defaultConnectTimeout), .server
            ) { value throws(FieldError) in
                _ = try seconds(value, key: "connect-timeout")
            },
            ConfigurationKey(
                "timeout", "seconds for the whole transaction (default \(formatted(defaultTimeout)))",
                formatted(defaultTimeout), .server
            ) { value throws(FieldError) in
                _ = try seconds(value, key: "timeout")
            },
        ]
        + passwordKeys(
            prefix: "", section: .password,
            examples: (
                PasswordSource.defaultEnvironmentVariable, "pass show smtp/ordermail",
                "/home/anna/.config/ordermail/password"
            )) + [
            ConfigurationKey(
                "auth", "password (the default), xoauth2 or oauthbearer, for both servers", "password", .authentication
            ) { value throws(FieldError) in
                guard AuthenticationMethod(rawValue: value) != nil else {
                    throw FieldError(
                        field: "auth", rule: "must be password, xoauth2 or oauthbearer", example: "xoauth2")
                }
            },
            ConfigurationKey(
                "oauth2-token-command",
                "with OAuth, a command whose output is the access token (refreshing it is its job), run by /bin/sh within the connect timeout",
                "oama access anna.andersson@regionstockholm.se", .authentication
            ) { value throws(FieldError) in
                try plainText(value, key: "oauth2-token-command")
            },
            ConfigurationKey(
                "imap-url",
                "imaps://host[:port]/MAILBOX (implicit TLS) or imap://host[:port]/MAILBOX (STARTTLS); the mailbox defaults to INBOX",
                "imaps://outlook.office365.com/INBOX", .imap
            ) { value throws(FieldError) in
                guard ServerURL(value, schemes: ServerURL.imapSchemes) != nil else {
                    throw FieldError(
                        field: "imap-url", rule: IMAPSettings.urlRule(value),
                        example: "imaps://imap.regionstockholm.se/INBOX")
                }
            },
            ConfigurationKey(
                "imap-user", "the user name to log in to the mailbox with", "integration@regionstockholm.se", .imap
            ) { value throws(FieldError) in
                try plainText(value, key: "imap-user")
            },
            ConfigurationKey(
                "imap-tls", "implicit for imaps://, starttls for imap://; none (plain text) only to a loopback address",
                "implicit", .imap
            ) { value throws(FieldError) in
                guard TLSMode(rawValue: value) != nil else {
                    throw FieldError(field: "imap-tls", rule: "must be starttls, implicit or none", example: "implicit")
                }
            },
        ]
        + passwordKeys(
            prefix: "imap-", section: .imap,
            examples: (
                PasswordSource.defaultIMAPEnvironmentVariable, "pass show imap/ordermail",
                "/home/anna/.config/ordermail/imap-password"
            )) + [
            ConfigurationKey(
                "to", "recipients, comma-separated", Addressing.defaultRecipient, enabled: true, .addresses
            ) { value throws(FieldError) in
                _ = try addresses(value, key: "to")
            },
            ConfigurationKey(
                "cc", "copies, comma-separated, such as the team's shared mailbox", "integration@regionstockholm.se",
                .addresses
            ) { value throws(FieldError) in
                _ = try addresses(value, key: "cc")
            },
            ConfigurationKey(
                "from", "a technical sender for Sender: and the envelope; From: is always the contact",
                "ordermail@regionstockholm.se", .addresses
            ) { value throws(FieldError) in
                _ = try EmailAddress(value, field: "from")
            },
            ConfigurationKey(
                "region-domains", "the region's mail domains, comma-separated: a contact outside them gets a warning",
                "regionstockholm.se", .addresses
            ) { value throws(FieldError) in
                try plainText(value, key: "region-domains")
            },
            ConfigurationKey("ledger", "the ledger's path", "/srv/ordermail/ledger.sqlite3", .ledger) {
                value throws(FieldError) in
                try plainText(value, key: "ledger")
            },
            ConfigurationKey("operator", "who is recorded with each event", "Anna Andersson", .ledger) {
                value throws(FieldError) in
                _ = try OrderText(value, field: "operator")
            },
            ConfigurationKey(
                "case-pattern", "a regular expression that finds support's case numbers in their mail",
                "(INC|CS|RITM)[0-9]{5,}", .ledger
            ) { value throws(FieldError) in
                do { _ = try CasePattern(value) } catch {
                    throw FieldError(
                        field: "case-pattern", rule: "must be a regular expression (found \(Quoted(value)))")
                }
            },
            ConfigurationKey(
                "support-addresses",
                "support's addresses and domains, comma-separated: only their mail, or a reply quoting an order's Message-ID, moves an order (default e-tjanster@1177.se, 1177.se)",
                "e-tjanster@1177.se, 1177.se", .ledger
            ) { value throws(FieldError) in
                try senderList(value, key: "support-addresses", example: "e-tjanster@1177.se, 1177.se")
            },
            ConfigurationKey(
                "mail-system-senders",
                "who delivery reports count from: addresses, domains, or local parts at the region's domains (default MAILER-DAEMON, postmaster)",
                "MAILER-DAEMON, postmaster, regionstockholm.se", .ledger
            ) { value throws(FieldError) in
                try senderList(value, key: "mail-system-senders", example: "MAILER-DAEMON, postmaster")
            },
            ConfigurationKey(
                "acknowledgement-pattern",
                "a regular expression for the case desk's receipts, beside the built-in Swedish and English phrases",
                "Ärende [A-Z]+[0-9]+ är registrerat", .ledger
            ) { value throws(FieldError) in
                do { _ = try Acknowledgement(pattern: value) } catch {
                    throw FieldError(
                        field: "acknowledgement-pattern", rule: "must be a regular expression (found \(Quoted(value)))")
                }
            },
            ConfigurationKey(
                "time-zone",
                "the zone list, show and the CSV print times in, when TZ does not name one (default Europe/Stockholm)",
                "Europe/Stockholm", .ledger
            ) { value throws(FieldError) in
                guard TimeZone(identifier: value) != nil else {
                    throw FieldError(
                        field: "time-zone", rule: "\(Quoted(value)) is not a time zone name",
                        example: "Europe/Stockholm")
                }
            },
            ConfigurationKey("region", "the ordering region", "Region Stockholm", .order) { value throws(FieldError) in
                _ = try OrderText(value, field: "region")
            },
            ConfigurationKey("region-hsa-id", "the region's own HSA-id", "SE2321000016-A65H", .order) {
                value throws(FieldError) in
                _ = try HSAID(value, policy: .strict(allowTestCatalogue: true), field: "region-hsa-id")
            },
            ConfigurationKey("contact-name", "the person who orders", "Anna Andersson", .order) {
                value throws(FieldError) in
                _ = try OrderText(value, field: "contact-name")
            },
            ConfigurationKey(
                "contact-email", "their address; the order is sent From it", "anna.andersson@regionstockholm.se", .order
            ) { value throws(FieldError) in
                _ = try EmailAddress(value, field: "contact-email")
            },
            ConfigurationKey("contact-phone", "their telephone number", "08-123 456 78", .order) {
                value throws(FieldError) in
                _ = try PhoneNumber(value)
            },
        ]

    /// The three keys of a password source, `PREFIXpassword-env`, `-command` and `-file`.
    private static func passwordKeys(
        prefix: String, section: Section, examples: (environment: String, command: String, file: String)
    ) -> [ConfigurationKey] {
        let which = prefix.isEmpty ? "password" : "\(prefix.dropLast().uppercased()) password"
        return [
            ("env", "the environment variable that holds the \(which)", examples.environment),
            (
                "command", "a command whose output is the \(which), run by /bin/sh within the connect timeout",
                examples.command
            ),
            ("file", "a file holding the \(which), which its group and others may not read", examples.file),
        ].map { suffix, summary, example in
            let name = "\(prefix)password-\(suffix)"
            return ConfigurationKey(name, summary, example, section) { value throws(FieldError) in
                try plainText(value, key: name)
            }
        }
    }

    /// The key named `name`, if there is one.
    public static func named(_ name: String) -> ConfigurationKey? { all.first { $0.name == name } }

    init(
        _ name: String, _ summary: String, _ example: String, enabled: Bool = false, _ section: Section,
        check: @escaping @Sendable (String) throws(FieldError) -> Void
    ) {
        self.name = name
        self.summary = summary
        self.example = example
        enabledInExample = enabled
        self.section = section
        self.check = check
    }

    /// A number of seconds, more than 0 and at most an hour.
    static func seconds(_ text: String, key: String) throws(FieldError) -> Double {
        guard let value = Double(text), value.isFinite else {
            throw FieldError(field: key, rule: "\(Quoted(text)) must be a number of seconds", example: "30")
        }
        guard value > 0, value <= 3600 else {
            throw FieldError(
                field: key, rule: "must be more than 0 and at most 3600 seconds (is \(Quoted(text)))", example: "30")
        }
        return value
    }

    /// Comma-separated addresses.
    static func addresses(_ text: String, key: String) throws(FieldError) -> [EmailAddress] {
        var result: [EmailAddress] = []
        for part in text.split(separator: ",") { result.append(try EmailAddress(part.trimmingWhitespace, field: key)) }
        guard !result.isEmpty else {
            throw FieldError(field: key, rule: "must name at least one address", example: Addressing.defaultRecipient)
        }
        return result
    }

    /// Comma-separated addresses, domains or local parts, none empty or holding white space.
    static func senderList(_ text: String, key: String, example: String) throws(FieldError) {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }
        guard !entries.isEmpty,
            entries.allSatisfy({ !$0.isEmpty && !$0.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) })
        else {
            throw FieldError(
                field: key, rule: "must be addresses, domains or local parts, comma-separated (found \(Quoted(text)))",
                example: example)
        }
        try plainText(text, key: key)
    }

    private static func plainText(_ text: String, key: String) throws(FieldError) {
        if let bad = text.unicodeScalars.first(where: TerminalText.isUnsafe) {
            throw FieldError(
                field: key,
                rule: "must not contain control, format or separator characters (found \(OrderText.name(of: bad)))")
        }
    }
}
