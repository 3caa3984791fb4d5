import OrderMailCore

/// The IMAP server, the mailbox that support's replies arrive in, and how to reach it.
public struct IMAPSettings: Sendable, Equatable {
    /// `imaps://host[:port]/MAILBOX` or `imap://host[:port]/MAILBOX`; the mailbox defaults to INBOX.
    public var url: String
    public var user: String
    /// The password or, with OAuth, the access token.
    public var password: Secret
    public var authentication: AuthenticationMethod
    /// Certificates to trust besides the system's.
    public var caFile: String?
    /// `implicit` for imaps://; `starttls` (required) or, to a loopback address only, `none` for imap://.
    public var tls: TLSMode
    /// Seconds to connect and get the server's greeting.
    public var connectTimeout: Double
    /// Seconds for each command (a large message's FETCH included).
    public var timeout: Double

    public init(
        url: String, user: String, password: Secret, authentication: AuthenticationMethod = .password,
        caFile: String? = nil,
        tls: TLSMode, connectTimeout: Double = ConfigurationKey.defaultConnectTimeout,
        timeout: Double = ConfigurationKey.defaultTimeout
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.authentication = authentication
        self.caFile = caFile
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// The mailbox named in the URL, INBOX when none is.
    public var mailbox: String { ServerURL(url, schemes: ServerURL.imapSchemes)?.mailbox ?? "INBOX" }

    /// Names the mailbox for the ledger's note of how far it has been read: the user and the URL.
    public var mailboxKey: String { "\(user) \(url)" }

    /// The URL without the mailbox, which libcurl connects to (a mailbox in it would make libcurl SELECT it).
    var serverURL: String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        return String(url[..<separator.upperBound]) + String(rest.prefix { $0 != "/" }) + "/"
    }

    /// Checks that the URL, the TLS mode and the timeouts fit together; the error names the key.
    public func validate() throws(OrderMailError) {
        func refuse(_ key: String, _ rule: String, _ example: String? = nil) -> OrderMailError {
            ServerRules.refuse(key, rule, example)
        }
        guard let parsed = ServerURL(url, schemes: ServerURL.imapSchemes) else {
            throw refuse("imap-url", Self.urlRule(url), "imaps://imap.regionstockholm.se/INBOX")
        }
        switch (parsed.scheme, tls) {
        case ("imaps", .implicit), ("imap", .starttls): break
        case ("imap", .none):
            guard parsed.isLoopback else {
                throw refuse(
                    "imap-tls", "plain text (imap-tls = none) is allowed only to a loopback address", "starttls")
            }
        case ("imaps", _):
            throw refuse(
                "imap-tls", "imaps:// is implicit TLS; imap-tls \(tls.rawValue) does not agree with it", "implicit")
        default:
            throw refuse(
                "imap-tls", "imap:// is STARTTLS (or none, to a loopback address); implicit TLS needs imaps://",
                "starttls")
        }
        try ServerRules.checkTimeouts(connect: connectTimeout, total: timeout)
    }

    /// The rule an IMAP URL breaks.
    static func urlRule(_ text: String) -> String {
        "\(Quoted(text)) must be imaps://host[:port]/MAILBOX or imap://host[:port]/MAILBOX (a mailbox name of printable ASCII without \" \\ % *)"
    }
}
