import Foundation
import OrderMailCore

/// How the connection to the SMTP server is protected.
public enum TLSMode: String, Sendable, CaseIterable {
    /// `smtp://`, upgraded with STARTTLS, which is required: without it nothing is sent.
    case starttls
    /// `smtps://`, TLS from the first byte.
    case implicit
    /// Plain text; only when the configuration says so explicitly.
    case none
}

/// The SMTP server and how to reach it.
public struct SMTPSettings: Sendable, Equatable {
    /// `smtp://host[:port]` or `smtps://host[:port]`, without a path.
    public var url: String
    public var user: String?
    /// The password or, with OAuth, the access token.
    public var password: Secret?
    public var authentication: AuthenticationMethod
    /// Certificates to trust besides the system's.
    public var caFile: String?
    /// The name ordermail gives in EHLO.
    public var ehloDomain: String
    public var tls: TLSMode
    /// Seconds to connect and get the server's greeting.
    public var connectTimeout: Double
    /// Seconds for the whole transaction.
    public var timeout: Double

    public init(
        url: String, user: String? = nil, password: Secret? = nil, authentication: AuthenticationMethod = .password,
        caFile: String? = nil, ehloDomain: String, tls: TLSMode,
        connectTimeout: Double = ConfigurationKey.defaultConnectTimeout,
        timeout: Double = ConfigurationKey.defaultTimeout
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.authentication = authentication
        self.caFile = caFile
        self.ehloDomain = ehloDomain
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// Whether the host is a loopback address, the only place plain-text authentication may go.
    public var isLoopback: Bool { ServerURL(url)?.isLoopback ?? false }

    /// Checks that the URL, the TLS mode and the credentials fit together; the error names the key.
    public func validate() throws(OrderMailError) {
        func refuse(_ key: String, _ rule: String, _ example: String? = nil) -> OrderMailError {
            ServerRules.refuse(key, rule, example)
        }
        guard let parsed = ServerURL(url) else {
            throw refuse(
                "smtp-url", "\(Quoted(url)) must be smtp://host[:port] or smtps://host[:port]",
                "smtp://smtp.regionstockholm.se:587")
        }
        switch (parsed.scheme, tls) {
        case ("smtps", .implicit), ("smtp", .starttls), ("smtp", .none): break
        case ("smtps", _):
            throw refuse("tls", "smtps:// is implicit TLS; --tls \(tls.rawValue) does not agree with it", "implicit")
        default:
            throw refuse("tls", "smtp:// is STARTTLS (or none); --tls implicit needs smtps://", "starttls")
        }
        if tls == .none, user != nil, !isLoopback {
            throw refuse("tls", "authentication over plain text (tls = none) is allowed only to a loopback address")
        }
        try ServerRules.checkTimeouts(connect: connectTimeout, total: timeout)
    }
}

/// Who the server is told the message is from and to (the SMTP envelope).
public struct SMTPEnvelope: Sendable, Equatable {
    public var from: EmailAddress
    public var recipients: [EmailAddress]

    public init(from: EmailAddress, recipients: [EmailAddress]) {
        self.from = from
        self.recipients = recipients
    }
}
