import OrderMailCore

/// The name ordermail gives in EHLO: a domain name, or an address literal such as `[192.0.2.1]`.
enum EHLODomain {
    /// Checks `text`; the error names `field`.
    static func check(_ text: String, field: String) throws(FieldError) {
        let rule = FieldError(
            field: field,
            rule:
                "\(Quoted(text)) must be a domain name (letters, digits and -, labels separated by dots) or an address literal in brackets",
            example: "regionstockholm.se")
        if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast()
            guard !inner.isEmpty,
                inner.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "." || $0 == ":" || $0.isLetter) })
            else { throw rule }
            return
        }
        guard ServerRules.isHostName(text) else { throw rule }
    }
}
