import Foundation
import OrderMailCore

extension Configuration {
    /// The password source the settings name; the default environment variable when a user is set
    /// and nothing else is said.
    public var passwordSource: PasswordSource? {
        if let command = text("password-command") { return .command(command) }
        if let file = text("password-file") { return .file(file) }
        if let variable = text("password-env") { return .environment(variable) }
        return smtpUser == nil ? nil : .environment(PasswordSource.defaultEnvironmentVariable)
    }

    /// Recipients and technical sender: `To:` defaults to 1177's support.
    public func addressing() -> Addressing {
        let support = try? EmailAddress(Addressing.defaultRecipient, field: "to")
        return Addressing(to: to ?? support.map { [$0] } ?? [], cc: cc ?? [], sender: from)
    }

    /// Fills the order fields the user did not give on the command line from this configuration.
    public func fillDefaults(of request: inout some OrderContactFields) {
        func fill(_ field: inout SourcedValue?, _ key: String) {
            if field == nil, let value = value(key) {
                field = SourcedValue(value.text, from: value.fromFile ? .configuration(value.origin) : .commandLine)
            }
        }
        fill(&request.region, "region")
        fill(&request.regionHSAID, "region-hsa-id")
        fill(&request.contactName, "contact-name")
        fill(&request.contactEmail, "contact-email")
        fill(&request.contactPhone, "contact-phone")
    }

    /// The IMAP password source the settings name; the default environment variable when nothing is said.
    public var imapPasswordSource: PasswordSource {
        if let command = text("imap-password-command") { return .command(command) }
        if let file = text("imap-password-file") { return .file(file) }
        return .environment(text("imap-password-env") ?? PasswordSource.defaultIMAPEnvironmentVariable)
    }

    /// The SMTP settings, checked and with the password (or OAuth token) read from its source: every
    /// local check that can fail (files, password, timeouts) runs here, before anything is recorded or sent.
    /// - Parameter envelopeSender: the address whose domain is the EHLO name when none is configured.
    public func smtpSettings(environment: [String: String], envelopeSender: EmailAddress?) throws(OrderMailError)
        -> SMTPSettings
    {
        guard let smtpURL else {
            throw .configurationError(
                "smtp-url: no SMTP server: set smtp-url in \(path ?? "the configuration") or pass --smtp-url")
        }
        let scheme = smtpURL.split(separator: ":").first?.lowercased()
        let tls = self.tls ?? (scheme == "smtps" ? .implicit : .starttls)
        guard let ehloDomain = ehloDomain ?? from?.domain ?? envelopeSender?.domain else {
            throw .configurationError(
                "ehlo-domain: no EHLO name: set ehlo-domain or from in the configuration, or pass --ehlo-domain")
        }
        let (connectTimeout, timeout) = try checkedTimeouts()
        try checkCAFile()
        var settings = SMTPSettings(
            url: smtpURL, user: smtpUser, password: nil, authentication: authentication, caFile: caFile,
            ehloDomain: ehloDomain,
            tls: tls, connectTimeout: connectTimeout, timeout: timeout)
        do { try settings.validate() } catch { throw relabelled(error) }
        if smtpUser != nil, let source = passwordSource {
            settings.password = try secret(
                passwordSource: source, keyPrefix: "", environment: environment, timeout: connectTimeout)
        }
        return settings
    }

    /// The IMAP settings, checked and with the password (or OAuth token) read, before anything connects.
    public func imapSettings(environment: [String: String]) throws(OrderMailError) -> IMAPSettings {
        guard let imapURL else {
            throw .configurationError(
                "imap-url: no mailbox to fetch from: set imap-url in \(path ?? "the configuration")")
        }
        guard let imapUser else {
            throw .configurationError(
                "imap-user: no user for \(imapURL): set imap-user in \(path ?? "the configuration")")
        }
        let scheme = imapURL.split(separator: ":").first?.lowercased()
        let tls = imapTLS ?? (scheme == "imaps" ? .implicit : .starttls)
        let (connectTimeout, timeout) = try checkedTimeouts()
        try checkCAFile()
        // Checked with a placeholder first, so that no command runs for settings that cannot work.
        var placeholder: [UInt8] = [0]
        var settings = IMAPSettings(
            url: imapURL, user: imapUser, password: Secret(taking: &placeholder), authentication: authentication,
            caFile: caFile,
            tls: tls, connectTimeout: connectTimeout, timeout: timeout)
        do { try settings.validate() } catch { throw relabelled(error) }
        settings.password = try secret(
            passwordSource: imapPasswordSource, keyPrefix: "imap-", environment: environment, timeout: connectTimeout)
        return settings
    }

    /// The password from `passwordSource`, or with OAuth the access token from `oauth2-token-command`.
    private func secret(
        passwordSource: PasswordSource, keyPrefix: String, environment: [String: String], timeout: Double
    ) throws(OrderMailError) -> Secret {
        guard authentication != .password else {
            return try passwordSource.resolve(environment: environment, commandTimeout: timeout, keyPrefix: keyPrefix)
        }
        guard let command = oauth2TokenCommand else {
            throw .configurationError(
                "oauth2-token-command: auth = \(authentication.rawValue) needs a command whose output is the access token"
            )
        }
        return try PasswordSource.accessToken(command: command, timeout: timeout)
    }

    /// The connect timeout and the total, the first at most the second.
    private func checkedTimeouts() throws(OrderMailError) -> (connect: Double, total: Double) {
        let timeout = self.timeout ?? ConfigurationKey.defaultTimeout
        let connectTimeout = self.connectTimeout ?? min(ConfigurationKey.defaultConnectTimeout, timeout)
        if connectTimeout > timeout {
            throw value("connect-timeout") != nil
                ? refuse("connect-timeout", "must be at most the timeout (\(timeout) s)")
                : refuse("timeout", "must be at least the connect timeout (\(connectTimeout) s)")
        }
        return (connectTimeout, timeout)
    }

    private func checkCAFile() throws(OrderMailError) {
        if let caFile, access(caFile, R_OK) != 0 {
            throw .missingInput(
                path: value("ca-file").map { $0.fromFile ? "\($0.origin): ca-file \(caFile)" : "--ca-file \(caFile)" }
                    ?? caFile,
                reason: String(cString: strerror(errno)))
        }
    }

    /// An error about `key`, labelled by where its value came from: the file's line (78) or the flag (64).
    private func refuse(_ key: String, _ rule: String) -> OrderMailError {
        let value = value(key)
        let label = value.map { $0.fromFile ? "\($0.origin): \(key)" : "--\(key)" } ?? "--\(key)"
        return value?.fromFile == true
            ? .configurationError("\(label): \(rule)")
            : .invalidField(FieldError(field: key, rule: rule), source: .commandLine)
    }

    /// A settings check's error, relabelled by where the offending key's value came from.
    private func relabelled(_ error: OrderMailError) -> OrderMailError {
        if case .invalidField(let field, _) = error { return refuse(field.field, field.rule) }
        return error
    }
}
