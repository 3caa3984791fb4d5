/// An SMTP server's URL, `smtp://host[:port]` or `smtps://host[:port]` (a trailing `/` allowed),
/// read strictly: a host name, an IPv4 address or a bracketed IPv6 address, and a port from 1 to 65535.
struct SMTPServerURL: Equatable {
    /// `smtp` or `smtps`, in lower case.
    let scheme: String
    /// As written, brackets of an IPv6 address included.
    let host: String
    let port: Int?

    init?(_ text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else { return nil }
        var rest = text[separator.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
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
            guard hostPart.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            let pieces = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            let labels = hostPart.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.allSatisfy({ label in
                (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }) else { return nil }
        }
        host = String(hostPart)
        if let portPart {
            guard let number = Int(portPart), (1...65_535).contains(number), portPart.allSatisfy(\.isASCII) else { return nil }
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
