import Foundation

/// Reads and writes the configuration file: `key = value` lines, `#` comments, blank lines.
///
/// Chosen over TOML or YAML because every setting is one scalar or one comma-separated list: the
/// format needs no quoting rules to learn, keeps comments, and needs no dependency. Unknown keys,
/// repeated keys and malformed values are refused with the file, line and key named.
public enum ConfigurationFile {
    /// The environment variable that names a configuration file.
    public static let environmentVariable = "ORDERMAIL_CONFIG"

    /// `--config`, then `ORDERMAIL_CONFIG`, then `$XDG_CONFIG_HOME/ordermail/config` (`~/.config/…`).
    /// The second member says whether the user named it (then it must exist).
    public static func path(explicit: String?, environment: [String: String]) -> (path: String, named: Bool) {
        if let explicit { return (explicit, true) }
        if let named = environment[environmentVariable], !named.isEmpty { return (named, true) }
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.config"
        return ("\(configHome)/ordermail/config", false)
    }

    /// Loads the file at `path`; a missing file the user did not name is an empty configuration.
    public static func load(path: String, named: Bool) throws(OrderMailError) -> Configuration {
        guard FileManager.default.fileExists(atPath: path) else {
            if named { throw .configurationError("\(path): no such configuration file") }
            return Configuration()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .configurationError("\(path): cannot read the configuration file (or it is not UTF-8)")
        }
        return try parse(text, path: path)
    }

    /// Parses configuration text; errors name `path`, the line and the key.
    public static func parse(_ text: String, path: String) throws(OrderMailError) -> Configuration {
        var configuration = Configuration()
        configuration.path = path
        var seen: Set<String> = []
        for (index, rawLine) in text.lines.enumerated() {
            let line = rawLine.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let location = "\(path):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw .configurationError("\(location): expected key = value, found \(Quoted(line))")
            }
            let key = line[..<equals].trimmingWhitespace
            let value = line[line.index(after: equals)...].trimmingWhitespace
            guard Configuration.keys.contains(key) else {
                throw .configurationError("\(location): unknown key \(Quoted(key)); known keys: \(Configuration.keys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw .configurationError("\(location): \(key) is set twice") }
            if value.isEmpty { continue }
            do {
                try configuration.set(key, to: value)
            } catch {
                throw .configurationError("\(location): \(error.message(fieldLabel: key))")
            }
        }
        return configuration
    }

    /// A commented example configuration, as `config init` writes it.
    public static let example = """
        # ordermail configuration: key = value, one per line; # starts a comment.
        # Flags on the command line override these values.

        # The SMTP server. smtp:// uses STARTTLS, which is required; smtps:// is implicit TLS.
        smtp-url = smtp://smtp.example.se:587
        # tls = starttls
        # smtp-user = ordermail
        # The password never goes in this file. Give one source:
        # password-env = ORDERMAIL_SMTP_PASSWORD
        # password-command = pass show smtp/ordermail
        # password-file = /home/anna/.config/ordermail/password   (mode 0600)
        # ca-file = /etc/ssl/certs/region-ca.pem
        # ehlo-domain = regionstockholm.se
        # connect-timeout = 15
        # timeout = 60

        # 1177's national support (the address Inera's connection guide names).
        to = \(Addressing.defaultRecipient)
        # cc = integration@regionstockholm.se
        # A technical sender, for Sender: and the envelope; From: is always the contact.
        # from = ordermail@regionstockholm.se

        # ledger = /srv/ordermail/ledger.sqlite3
        # region-domains = regionstockholm.se

        # Defaults for the order.
        # region = Region Stockholm
        # region-hsa-id = SE2321000016-A65H
        # contact-name = Anna Andersson
        # contact-email = anna.andersson@regionstockholm.se
        # contact-phone = 08-123 456 78

        """
}

extension Configuration {
    /// Sets the value of `key` (a configuration key) from its text.
    public mutating func set(_ key: String, to value: String) throws(FieldError) {
        switch key {
        case "smtp-url": smtpURL = value
        case "smtp-user": smtpUser = value
        case "password-env": passwordEnvironmentVariable = value
        case "password-command": passwordCommand = value
        case "password-file": passwordFile = value
        case "ca-file": caFile = value
        case "ehlo-domain": ehloDomain = value
        case "tls":
            guard let mode = TLSMode(rawValue: value) else {
                throw FieldError(field: key, rule: "must be starttls, implicit or none", example: "starttls")
            }
            tls = mode
        case "connect-timeout": connectTimeout = try Self.seconds(value, key: key)
        case "timeout": timeout = try Self.seconds(value, key: key)
        case "to": to = try Self.addresses(value, key: key)
        case "cc": cc = try Self.addresses(value, key: key)
        case "from": from = try EmailAddress(value, field: key)
        case "ledger": ledger = value
        case "region-domains": regionDomains = value.split(separator: ",").map { $0.trimmingWhitespace }
        case "region": region = value
        case "region-hsa-id": regionHSAID = value
        case "contact-name": contactName = value
        case "contact-email": contactEmail = value
        case "contact-phone": contactPhone = value
        default: throw FieldError(field: key, rule: "is not a known key")
        }
    }

    /// A number of seconds, more than 0 and at most an hour.
    public static func seconds(_ text: String, key: String) throws(FieldError) -> Double {
        guard let value = Double(text), value > 0, value <= 3600 else {
            throw FieldError(field: key, rule: "\(Quoted(text)) must be a number of seconds from 0 to 3600", example: "30")
        }
        return value
    }

    static func addresses(_ text: String, key: String) throws(FieldError) -> [EmailAddress] {
        var result: [EmailAddress] = []
        for part in text.split(separator: ",") {
            result.append(try EmailAddress(part.trimmingWhitespace, field: key))
        }
        return result
    }
}
