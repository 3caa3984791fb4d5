import Foundation

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
    public func fillDefaults(of request: inout WhitelistingOrderRequest) {
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

    /// The SMTP settings, checked and with the password read from its source: every local check
    /// that can fail (files, password, timeouts) runs here, before anything is recorded or sent.
    /// - Parameter envelopeSender: the address whose domain is the EHLO name when none is configured.
    public func smtpSettings(environment: [String: String], envelopeSender: EmailAddress?) throws(OrderMailError) -> SMTPSettings {
        func refuse(_ key: String, _ rule: String) -> OrderMailError {
            let value = value(key)
            let label = value.map { $0.fromFile ? "\($0.origin): \(key)" : "--\(key)" } ?? "--\(key)"
            return value?.fromFile == true ? .configurationError("\(label): \(rule)") : .invalidField(FieldError(field: key, rule: rule), source: .commandLine)
        }
        guard let smtpURL else {
            throw .configurationError("smtp-url: no SMTP server: set smtp-url in \(path ?? "the configuration") or pass --smtp-url")
        }
        let scheme = smtpURL.split(separator: ":").first?.lowercased()
        let tls = self.tls ?? (scheme == "smtps" ? .implicit : .starttls)
        guard let ehloDomain = ehloDomain ?? from?.domain ?? envelopeSender?.domain else {
            throw .configurationError("ehlo-domain: no EHLO name: set ehlo-domain or from in the configuration, or pass --ehlo-domain")
        }
        let timeout = self.timeout ?? 60
        let connectTimeout = self.connectTimeout ?? min(15, timeout)
        if connectTimeout > timeout {
            throw value("connect-timeout") != nil ? refuse("connect-timeout", "must be at most the timeout (\(timeout) s)")
                : refuse("timeout", "must be at least the connect timeout (\(connectTimeout) s)")
        }
        if let caFile, access(caFile, R_OK) != 0 {
            throw .missingInput(path: value("ca-file").map { $0.fromFile ? "\($0.origin): ca-file \(caFile)" : "--ca-file \(caFile)" } ?? caFile,
                                reason: String(cString: strerror(errno)))
        }
        let settings = SMTPSettings(
            url: smtpURL, user: smtpUser, password: nil, caFile: caFile, ehloDomain: ehloDomain, tls: tls,
            connectTimeout: connectTimeout, timeout: timeout)
        do { try settings.validate() } catch {
            if case .invalidField(let field, _) = error { throw refuse(field.field, field.rule) }
            throw error
        }
        var resolved = settings
        if smtpUser != nil { resolved.password = try passwordSource?.resolve(environment: environment, commandTimeout: connectTimeout) }
        return resolved
    }
}
