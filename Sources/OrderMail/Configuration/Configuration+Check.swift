import OrderMailCore

/// What `config check` shows of the settings: made here from the key table, so that the rows and
/// their defaults are the library's, and the command only prints them.
extension Configuration {
    /// The envelope sender when no order names one: the technical sender (`from`), else the
    /// configured contact; nil when neither is set (or the contact is not an address).
    public var envelopeSender: EmailAddress? {
        from ?? contactEmail.flatMap { try? EmailAddress($0, field: "contact-email") }
    }

    /// The report after both logins worked: the configuration file, each key's effective value and
    /// where it came from (the file's line, a flag) or `(default)`, the password's source (never its
    /// value), then the SMTP login and, when one is configured, the IMAP mailbox.
    ///
    /// - Parameters:
    ///   - smtp: the SMTP settings the login used.
    ///   - ledgerPath: where the ledger is, as the configuration, flags and environment decide.
    ///   - mailbox: the IMAP settings and what examining the mailbox found.
    public func checkReport(
        smtp: SMTPSettings, ledgerPath: String, mailbox: (settings: IMAPSettings, status: MailboxStatus)?
    ) -> String {
        let defaults: [String: String] = [
            "tls": smtp.tls.rawValue, "ehlo-domain": smtp.ehloDomain, "connect-timeout": "\(smtp.connectTimeout)",
            "timeout": "\(smtp.timeout)", "to": addressing().to.map(\.address).joined(separator: ", "),
            "ledger": ledgerPath,
        ]
        var lines = ["configuration:      \(path ?? "(none)")"]
        for key in ConfigurationKey.all {
            let label = "\(key.name):" + String(repeating: " ", count: max(1, 19 - key.name.count))
            if let value = value(key.name) {
                lines.append("\(label)\(TerminalText.escaped(value.text))  (\(value.origin))")
            } else if let value = defaults[key.name] {
                lines.append("\(label)\(value)  (default)")
            }
        }
        let oauth = "OAuth 2.0 (\(authentication.rawValue)): the token from oauth2-token-command"
        let password = passwordSource.map { "from the \($0)" } ?? "(no login)"
        lines.append("password:           \(authentication == .password || smtp.user == nil ? password : oauth)")
        lines.append(smtp.user == nil ? "connected (no login configured): \(smtp.url)" : "login ok: \(smtp.url)")
        if let mailbox {
            lines.append(
                "imap-password:      \(authentication == .password ? "from the \(imapPasswordSource)" : oauth)")
            lines.append(
                "mailbox ok: \(mailbox.settings.url): \(mailbox.status.messageCount) messages (examined read-only, nothing changed)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
