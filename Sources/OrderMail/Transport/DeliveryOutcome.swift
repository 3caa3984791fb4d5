import OrderMailCore

/// What became of one attempt to hand a message to the SMTP server.
public enum DeliveryOutcome: Equatable, Sendable {
    /// 2xx after DATA.
    case accepted(reply: String)
    /// 5xx at MAIL, RCPT or DATA.
    case refusedPermanently(reply: String)
    /// 4xx, connection refused, or a timeout before the whole message was sent.
    case failedTemporarily(reason: String)
    /// The connection ended after the whole message was handed over: the server may have it.
    case unknown(reason: String)
    /// The server refused the user name or password.
    case authenticationFailed(reply: String)
    /// No STARTTLS offered, or the certificate was not trusted or did not match.
    case tlsFailed(reason: String)
    /// The caller stopped the transfer (Ctrl-C): before the end of the message was handed over
    /// nothing can have been delivered; after it, the server may have the message.
    case interrupted(afterData: Bool, reason: String)

    /// The class of failure, nil when the message was accepted.
    public var failureClass: FailureClass? {
        switch self {
        case .accepted: nil
        case .refusedPermanently: .unavailable
        case .failedTemporarily: .temporary
        case .unknown: .outcomeUnknown
        case .authenticationFailed: .permission
        case .tlsFailed: .tls
        case .interrupted(let afterData, _): afterData ? .outcomeUnknown : .temporary
        }
    }

    /// The server's words or the reason, for the ledger and the user.
    public var detail: String {
        switch self {
        case .accepted(let text), .refusedPermanently(let text), .failedTemporarily(let text), .unknown(let text),
            .authenticationFailed(let text), .tlsFailed(let text), .interrupted(_, let text):
            text
        }
    }
}
