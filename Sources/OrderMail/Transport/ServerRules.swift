import OrderMailCore

/// The rules SMTP's and IMAP's settings share: one host-name rule for server URLs and the EHLO
/// name, one timeout rule, one way to name the key a setting breaks.
enum ServerRules {
    /// Whether `text` is a host name: dot-separated labels of 1–63 ASCII letters, digits and `-`,
    /// none starting or ending with `-`, 253 characters at most.
    static func isHostName(_ text: some StringProtocol) -> Bool {
        (1...253).contains(text.count)
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }

    /// The error for a setting that breaks `rule`, naming its key.
    static func refuse(_ key: String, _ rule: String, _ example: String? = nil) -> OrderMailError {
        .invalidField(FieldError(field: key, rule: rule, example: example), source: .commandLine)
    }

    /// Both timeouts positive, the connect timeout at most the total.
    static func checkTimeouts(connect: Double, total: Double) throws(OrderMailError) {
        guard connect > 0, total > 0, connect <= total else {
            throw refuse(
                "timeout", "timeouts must be positive and the connect timeout at most the total",
                ConfigurationKey.formatted(ConfigurationKey.defaultTimeout))
        }
    }
}
