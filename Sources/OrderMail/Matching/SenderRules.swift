import OrderMailCore

/// Whose mail may change an order's state: support's addresses, the region's own domains and the
/// mail systems whose delivery reports count. Entries are compared without regard to case.
public struct SenderRules: Sendable, Equatable {
    /// Support's addresses (`e-tjanster@1177.se`) and domains (`1177.se`, its subdomains included).
    public var support: [String]
    /// The region's own mail domains (`region-domains`), subdomains included.
    public var regionDomains: [String]
    /// The senders of delivery reports that count: addresses, domains, or bare local parts such as
    /// `MAILER-DAEMON` (at one of the region's domains, or at any domain when none is configured).
    public var mailSystems: [String]

    /// The configuration's default for `support-addresses`: the address Inera's guide names and its domain.
    public static let defaultSupport = ["e-tjanster@1177.se", "1177.se"]
    /// The configuration's default for `mail-system-senders`.
    public static let defaultMailSystems = ["MAILER-DAEMON", "postmaster"]

    /// Rules from configured lists; nil lists take the defaults.
    public init(support: [String]? = nil, regionDomains: [String]? = nil, mailSystems: [String]? = nil) {
        self.support = (support ?? Self.defaultSupport).map { $0.lowercased() }
        self.regionDomains = (regionDomains ?? []).map { $0.lowercased() }
        self.mailSystems = (mailSystems ?? Self.defaultMailSystems).map { $0.lowercased() }
    }

    /// The address in a decoded `From` value: the last one in angle brackets, else the value
    /// itself when it looks like `local@domain`; in lower case.
    public static func address(in from: String) -> String? {
        if let close = from.lastIndex(of: ">"), let open = from[..<close].lastIndex(of: "<") {
            let inner = from[from.index(after: open)..<close].trimmingWhitespace
            return inner.contains("@") ? inner.lowercased() : nil
        }
        let bare = from.trimmingWhitespace
        return bare.contains("@") && !bare.contains(" ") ? bare.lowercased() : nil
    }

    /// Whether `address` is one of support's.
    public func isSupport(_ address: String?) -> Bool {
        guard let address = address?.lowercased() else { return false }
        return support.contains { Self.entry($0, covers: address) }
    }

    /// Whether `address` is in one of the region's domains.
    public func isRegion(_ address: String?) -> Bool {
        guard let address = address?.lowercased(), let domain = Self.domain(of: address) else { return false }
        return regionDomains.contains { Self.domain(domain, isWithin: $0) }
    }

    /// Whether a delivery report from `address` counts as a mail system's.
    public func isMailSystem(_ address: String?) -> Bool {
        guard let address = address?.lowercased(), let domain = Self.domain(of: address) else { return false }
        let local = String(address[..<(address.lastIndex(of: "@") ?? address.endIndex)])
        return mailSystems.contains { entry in
            if entry.contains("@") || entry.contains(".") { return Self.entry(entry, covers: address) }
            guard entry == local else { return false }
            return regionDomains.isEmpty || regionDomains.contains { Self.domain(domain, isWithin: $0) }
        }
    }

    /// An address entry covers that address; a domain entry covers its domain and subdomains.
    private static func entry(_ entry: String, covers address: String) -> Bool {
        if entry.contains("@") { return entry == address }
        guard let domain = domain(of: address) else { return false }
        return Self.domain(domain, isWithin: entry)
    }

    private static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        return String(address[address.index(after: at)...])
    }

    private static func domain(_ domain: String, isWithin entry: String) -> Bool {
        let entry = entry.hasPrefix("@") ? String(entry.dropFirst()) : entry
        return !entry.isEmpty && (domain == entry || domain.hasSuffix("." + entry))
    }
}
