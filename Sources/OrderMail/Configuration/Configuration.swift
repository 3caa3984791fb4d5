/// ordermail's settings: the SMTP server, the addresses, the ledger, and defaults for the order
/// fields that do not change between orders. Every member is optional; flags override it.
public struct Configuration: Equatable, Sendable {
    public var smtpURL: String?
    public var smtpUser: String?
    public var passwordEnvironmentVariable: String?
    public var passwordCommand: String?
    public var passwordFile: String?
    public var caFile: String?
    public var ehloDomain: String?
    public var tls: TLSMode?
    public var connectTimeout: Double?
    public var timeout: Double?
    /// `To:` (default `e-tjanster@1177.se`).
    public var to: [EmailAddress]?
    public var cc: [EmailAddress]?
    /// A technical sender: `Sender:` and MAIL FROM.
    public var from: EmailAddress?
    public var ledger: String?
    /// The region's own mail domains: a contact address outside them gets a warning.
    public var regionDomains: [String]?
    public var region: String?
    public var regionHSAID: String?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    /// Where the values came from, for error messages; nil when no file was read.
    public var path: String?

    public init() {}

    /// The keys a configuration file may hold, in the order `config init` writes them.
    public static let keys = [
        "smtp-url", "smtp-user", "password-env", "password-command", "password-file", "ca-file", "ehlo-domain", "tls",
        "connect-timeout", "timeout", "to", "cc", "from", "ledger", "region-domains", "region", "region-hsa-id",
        "contact-name", "contact-email", "contact-phone",
    ]

    /// `self` with every value that `overrides` sets replacing this one's.
    public func overridden(by overrides: Configuration) -> Configuration {
        var result = self
        result.smtpURL = overrides.smtpURL ?? smtpURL
        result.smtpUser = overrides.smtpUser ?? smtpUser
        result.caFile = overrides.caFile ?? caFile
        result.ehloDomain = overrides.ehloDomain ?? ehloDomain
        result.tls = overrides.tls ?? tls
        result.connectTimeout = overrides.connectTimeout ?? connectTimeout
        result.timeout = overrides.timeout ?? timeout
        result.to = overrides.to ?? to
        result.cc = overrides.cc ?? cc
        result.from = overrides.from ?? from
        result.ledger = overrides.ledger ?? ledger
        result.regionDomains = overrides.regionDomains ?? regionDomains
        result.region = overrides.region ?? region
        result.regionHSAID = overrides.regionHSAID ?? regionHSAID
        result.contactName = overrides.contactName ?? contactName
        result.contactEmail = overrides.contactEmail ?? contactEmail
        result.contactPhone = overrides.contactPhone ?? contactPhone
        // A password source given on the command line replaces the file's, whichever kind it is.
        if overrides.passwordEnvironmentVariable != nil || overrides.passwordCommand != nil || overrides.passwordFile != nil {
            result.passwordEnvironmentVariable = overrides.passwordEnvironmentVariable
            result.passwordCommand = overrides.passwordCommand
            result.passwordFile = overrides.passwordFile
        }
        return result
    }

    /// The error source for a value of this configuration.
    var source: InputSource { path.map(InputSource.configuration) ?? .commandLine }

    /// A warning when `contact` is outside `regionDomains`.
    public func regionDomainWarning(for contact: EmailAddress) -> String? {
        guard let domains = regionDomains, !domains.isEmpty else { return nil }
        let domain = contact.domain.lowercased()
        if domains.contains(where: { domain == $0.lowercased() || domain.hasSuffix("." + $0.lowercased()) }) { return nil }
        return "the contact address \(contact.address) is outside the region's domains (\(domains.joined(separator: ", ")))"
    }
}
