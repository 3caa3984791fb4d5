extension Configuration {
    /// The password source the settings name; the default environment variable when a user is set
    /// and nothing else is said.
    public var passwordSource: PasswordSource? {
        if let passwordCommand { return .command(passwordCommand) }
        if let passwordFile { return .file(passwordFile) }
        if let passwordEnvironmentVariable { return .environment(passwordEnvironmentVariable) }
        return smtpUser == nil ? nil : .environment(PasswordSource.defaultEnvironmentVariable)
    }

    /// Recipients and technical sender: `To:` defaults to 1177's support.
    public func addressing() throws(OrderMailError) -> Addressing {
        let support = try? EmailAddress(Addressing.defaultRecipient, field: "to")
        return Addressing(to: to ?? support.map { [$0] } ?? [], cc: cc ?? [], sender: from)
    }

    /// Fills the order fields the user did not give on the command line from this configuration.
    public func fillDefaults(of request: inout WhitelistingOrderRequest) {
        let source = self.source
        func fill(_ keyPath: WritableKeyPath<WhitelistingOrderRequest, SourcedValue?>, _ value: String?) {
            if request[keyPath: keyPath] == nil, let value { request[keyPath: keyPath] = SourcedValue(value, from: source) }
        }
        fill(\.region, region)
        fill(\.regionHSAID, regionHSAID)
        fill(\.contactName, contactName)
        fill(\.contactEmail, contactEmail)
        fill(\.contactPhone, contactPhone)
    }

    /// The SMTP settings, the password read from its source.
    /// - Parameter envelopeSender: the address whose domain is the EHLO name when none is configured.
    public func smtpSettings(environment: [String: String], envelopeSender: EmailAddress?) throws(OrderMailError) -> SMTPSettings {
        guard let smtpURL else {
            throw .configurationError("no SMTP server: set smtp-url in \(path ?? "the configuration") or pass --smtp-url")
        }
        let scheme = smtpURL.split(separator: ":").first?.lowercased()
        let tls = self.tls ?? (scheme == "smtps" ? .implicit : .starttls)
        guard let ehloDomain = ehloDomain ?? from?.domain ?? envelopeSender?.domain else {
            throw .configurationError("no EHLO name: set ehlo-domain or from in the configuration, or pass --ehlo-domain")
        }
        let password = try smtpUser == nil ? nil : passwordSource?.resolve(environment: environment, commandTimeout: connectTimeout ?? 15)
        let settings = SMTPSettings(
            url: smtpURL, user: smtpUser, password: password, caFile: caFile, ehloDomain: ehloDomain, tls: tls,
            connectTimeout: connectTimeout ?? 15, timeout: timeout ?? 60)
        do { try settings.validate() } catch {
            if case .invalidField(let field, _) = error { throw .invalidField(field, source: source) }
            throw error
        }
        return settings
    }
}
