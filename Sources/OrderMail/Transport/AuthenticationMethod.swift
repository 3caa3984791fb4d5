import OrderMailCore

/// How ordermail logs in to the SMTP and IMAP servers (the `auth` key).
public enum AuthenticationMethod: String, Sendable, CaseIterable {
    /// A user name and password (libcurl picks PLAIN or LOGIN from what the server offers).
    case password
    /// OAuth 2.0, Google's and Microsoft's SASL XOAUTH2, with an access token from `oauth2-token-command`.
    case xoauth2
    /// OAuth 2.0 as RFC 7628 OAUTHBEARER, with an access token from `oauth2-token-command`.
    case oauthbearer

    /// libcurl's login options that force the mechanism, nil to let it choose: without them libcurl
    /// prefers OAUTHBEARER whenever the server offers it.
    var loginOptions: String? {
        switch self {
        case .password: nil
        case .xoauth2: "AUTH=XOAUTH2"
        case .oauthbearer: "AUTH=OAUTHBEARER"
        }
    }
}
