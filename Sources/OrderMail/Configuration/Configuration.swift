import Foundation
import OrderMailCore

/// ordermail's settings: the SMTP server, the addresses, the ledger, and defaults for the order
/// fields that do not change between orders. Each value is kept as text with where it came from
/// (a line of the file, or a flag), checked by its key's rule when it is set; flags override the file.
public struct Configuration: Sendable {
    /// A value and where it came from.
    public struct Value: Equatable, Sendable {
        public var text: String
        /// `path:line` for the file, `--key` for a flag.
        public var origin: String
        /// Whether it came from the file (then errors about it are configuration errors, 78).
        public var fromFile: Bool
    }

    /// The file read, when there was one.
    public var path: String?
    private var values: [String: Value] = [:]

    public init() {}

    /// Sets `key` from `text` after checking it by the key's rule; `origin` says where it came from.
    public mutating func set(_ key: String, to text: String, origin: String, fromFile: Bool) throws(FieldError) {
        guard let described = ConfigurationKey.named(key) else {
            throw FieldError(field: key, rule: "is not a known key")
        }
        try described.check(text)
        values[key] = Value(text: text, origin: origin, fromFile: fromFile)
    }

    /// The value of `key` and where it came from, if it is set.
    public func value(_ key: String) -> Value? { values[key] }

    /// The text of `key`, if it is set.
    public func text(_ key: String) -> String? { values[key]?.text }

    /// This configuration with every value `flags` sets replacing this one's. A password source
    /// given by a flag replaces the file's, whichever kind either is.
    public func overridden(by flags: Configuration) -> Configuration {
        var result = self
        for sources in [ConfigurationKey.passwordSources, ConfigurationKey.imapPasswordSources]
        where sources.contains(where: { flags.values[$0] != nil }) {
            for key in sources { result.values[key] = nil }
        }
        result.values.merge(flags.values) { $1 }
        return result
    }

    /// This configuration overridden by each of `overrides` in turn, the last winning.
    public func overridden(by overrides: [Configuration]) -> Configuration {
        overrides.reduce(self) { $0.overridden(by: $1) }
    }

    /// Refuses more than one SMTP or IMAP password source: the file's (78, naming its lines) or the flags' (64).
    func checkPasswordSources() throws(OrderMailError) {
        for (sources, field) in [
            (ConfigurationKey.passwordSources, "password-env/-command/-file"),
            (ConfigurationKey.imapPasswordSources, "imap-password-env/-command/-file"),
        ] {
            let given = sources.compactMap { key in values[key].map { (key, $0) } }
            guard given.count > 1 else { continue }
            let named = given.map { "\($0.1.origin) (\($0.0))" }.joined(separator: ", ")
            let error = FieldError(field: field, rule: "give at most one password source; found \(named)")
            throw .invalidField(
                error,
                source: given.allSatisfy { $0.1.fromFile } ? .configuration(path ?? "configuration") : .commandLine)
        }
    }

    // MARK: Typed values (each was checked when it was set)

    public var smtpURL: String? { text("smtp-url") }
    public var smtpUser: String? { text("smtp-user") }
    public var tls: TLSMode? { text("tls").flatMap(TLSMode.init(rawValue:)) }
    public var caFile: String? { text("ca-file") }
    public var authentication: AuthenticationMethod {
        text("auth").flatMap(AuthenticationMethod.init(rawValue:)) ?? .password
    }
    public var oauth2TokenCommand: String? { text("oauth2-token-command") }
    public var imapURL: String? { text("imap-url") }
    public var imapUser: String? { text("imap-user") }
    public var imapTLS: TLSMode? { text("imap-tls").flatMap(TLSMode.init(rawValue:)) }
    public var ehloDomain: String? { text("ehlo-domain") }
    public var connectTimeout: Double? { text("connect-timeout").flatMap(Double.init) }
    public var timeout: Double? { text("timeout").flatMap(Double.init) }
    public var to: [EmailAddress]? { text("to").flatMap { try? ConfigurationKey.addresses($0, key: "to") } }
    public var cc: [EmailAddress]? { text("cc").flatMap { try? ConfigurationKey.addresses($0, key: "cc") } }
    public var from: EmailAddress? { text("from").flatMap { try? EmailAddress($0, field: "from") } }
    public var ledger: String? { text("ledger") }
    public var operatorName: String? { text("operator") }
    public var casePattern: CasePattern? { text("case-pattern").flatMap { try? CasePattern($0) } }
    public var regionDomains: [String]? {
        text("region-domains").map { $0.split(separator: ",").map { $0.trimmingWhitespace } }
    }
    /// `support-addresses`, `region-domains` and `mail-system-senders` together (defaults filled in).
    public var senderRules: SenderRules {
        func list(_ key: String) -> [String]? {
            text(key).map { $0.split(separator: ",").map { $0.trimmingWhitespace } }
        }
        return SenderRules(
            support: list("support-addresses"), regionDomains: regionDomains, mailSystems: list("mail-system-senders"))
    }
    /// The built-in receipt phrases with `acknowledgement-pattern`.
    public var acknowledgement: Acknowledgement? { try? Acknowledgement(pattern: text("acknowledgement-pattern")) }
    /// The zone times are shown in: `TZ`, then `time-zone`, then Europe/Stockholm.
    public func displayZone(environment: [String: String]) -> TimeZone {
        DateFormats.localZone(tz: environment["TZ"], configured: text("time-zone"))
    }
    public var region: String? { text("region") }
    public var regionHSAID: String? { text("region-hsa-id") }
    public var contactName: String? { text("contact-name") }
    public var contactEmail: String? { text("contact-email") }
    public var contactPhone: String? { text("contact-phone") }

    /// A warning when `contact` is outside `regionDomains`.
    public func regionDomainWarning(for contact: EmailAddress) -> String? {
        guard let domains = regionDomains, !domains.isEmpty else { return nil }
        let domain = contact.domain.lowercased()
        if domains.contains(where: { domain == $0.lowercased() || domain.hasSuffix("." + $0.lowercased()) }) {
            return nil
        }
        return
            "the contact address \(contact.address) is outside the region's domains (\(domains.joined(separator: ", ")))"
    }
}

extension Configuration {
    /// The values given as flags (`--key value`), each checked by its key's rule (errors exit 64).
    public static func fromFlags(_ flags: [(key: String, value: String?)]) throws(OrderMailError) -> Configuration {
        var configuration = Configuration()
        for (key, value) in flags {
            guard let value else { continue }
            do { try configuration.set(key, to: value, origin: "--\(key)", fromFile: false) } catch {
                throw .invalidField(error, source: .commandLine)
            }
        }
        try configuration.checkPasswordSources()
        return configuration
    }
}
