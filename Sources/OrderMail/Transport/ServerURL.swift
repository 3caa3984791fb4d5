import OrderMailCore

/// A mail server's URL, `scheme://host[:port]` and, for IMAP, `/MAILBOX`, read strictly: a host
/// name, an IPv4 address or a bracketed IPv6 address, a port from 1 to 65535, and a mailbox name of
/// printable ASCII without `"`, `\`, `%` or `*` (a trailing `/` allowed without one).
struct ServerURL: Equatable {
    /// The scheme, in lower case.
    let scheme: String
    /// As written, brackets of an IPv6 address included.
    let host: String
    let port: Int?
    /// The mailbox, for the schemes that take one; nil when none is written.
    let mailbox: String?

    /// SMTP's schemes, which take no mailbox.
    static let smtpSchemes: Set<String> = ["smtp", "smtps"]
    /// IMAP's schemes, which take a mailbox.
    static let imapSchemes: Set<String> = ["imap", "imaps"]

    init?(_ text: String, schemes: Set<String> = smtpSchemes) {
        guard let separator = text.range(of: "://") else { return nil }
        scheme = text[..<separator.lowerBound].lowercased()
        guard schemes.contains(scheme) else { return nil }
        var rest = text[separator.upperBound...]
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if path.isEmpty {
                mailbox = nil
            } else {
                guard Self.imapSchemes.contains(scheme),
                    path.allSatisfy({ character in
                        character.isASCII && (" "..."~").contains(character) && !"\"\\%*".contains(character)
                    })
                else { return nil }
                mailbox = String(path)
            }
        } else {
            mailbox = nil
        }
        let hostPart: Substring
        var portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            hostPart = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
            guard hostPart.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return nil
            }
        } else {
            let pieces = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            guard ServerRules.isHostName(hostPart) else { return nil }
        }
        host = String(hostPart)
        if let portPart {
            guard let number = Int(portPart), (1...65_535).contains(number), portPart.allSatisfy(\.isASCII) else {
                return nil
            }
            port = number
        } else {
            port = nil
        }
    }

    /// Whether the host is a loopback address: exactly `localhost`, an IPv4 literal in 127.0.0.0/8, or `[::1]`.
    var isLoopback: Bool {
        if host.lowercased() == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { octet in octet.allSatisfy(\.isASCIIDigit) && UInt8(octet) != nil }
    }
}
