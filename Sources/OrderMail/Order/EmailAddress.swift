import OrderMailCore

/// A strict ASCII addr-spec (`local@domain`): a dot-atom local part and a dotted host name.
///
/// Stricter than RFC 5322 on purpose: no quoted local parts, comments or address literals, so that an
/// address can go into a header or an SMTP envelope without any quoting, and CR/LF can never reach a server.
public struct EmailAddress: Hashable, EncodedAsText, Sendable {
    /// The address as given.
    public let address: String
    public var description: String { address }

    /// The part after `@`.
    public var domain: String { String(address.split(separator: "@").last ?? "") }

    /// Validates `text` for `field`.
    public init(_ text: String, field: String) throws(FieldError) {
        guard Self.isValid(text) else {
            throw FieldError(
                field: field,
                rule:
                    "\(Quoted(text)) is not a plain e-mail address (ASCII local@domain.tld, no spaces, quotes or display name)",
                example: "anna.andersson@regionstockholm.se")
        }
        address = text
    }

    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        return isDotAtom(local) && local.count <= 64 && isHostName(domain)
    }

    private static let atomSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !bytes.isEmpty
            && atoms.allSatisfy { atom in
                !atom.isEmpty && atom.allSatisfy { isAlphanumeric($0) || atomSpecials.contains($0) }
            }
    }

    private static func isHostName(_ bytes: ArraySlice<UInt8>) -> Bool {
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.count >= 2 && bytes.count <= 253
            && labels.allSatisfy { label in
                (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                    && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            }
    }
}
