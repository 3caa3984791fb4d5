/// Which of the HSA-id rules a piece of text meets, rule by rule.
///
/// The strict rules are Inera's (`SE`, an optional `16`, a ten-digit organisation number whose last
/// digit is the Luhn check digit of the first nine, `-`, then one or more of A–Z, a–z, 0–9, at most
/// 31 characters). Inera's test catalogue uses `TSTNMT` in place of `SE`. Engagemangsindex itself only
/// asks for 1–64 characters without white space.
public struct HSAIDAnalysis: Equatable, Sendable {
    /// The prefix an id starts with.
    public enum Prefix: Equatable, Sendable {
        /// `SE`, the national form.
        case national
        /// `TSTNMT`, Inera's test catalogue.
        case testCatalogue
        /// Neither.
        case none
    }

    /// The longest strict HSA-id.
    public static let maximumLength = 31
    /// The longest `sourceSystem` value Engagemangsindex accepts.
    public static let engagementIndexMaximumLength = 64

    /// The text analysed, as given.
    public let text: String
    /// `SE`, `TSTNMT` or neither.
    public let prefix: Prefix
    /// The organisation number: ten digits, after an optional `16`; nil when the digits are not of that form.
    public let organisationNumber: String?
    /// Whether the organisation number's last digit is the Luhn check digit of its first nine.
    public let hasValidCheckDigit: Bool
    /// Whether a `-` and a suffix of one or more ASCII letters and digits follow the digits.
    public let hasValidSuffix: Bool
    /// Whether the id is at most 31 characters long.
    public let hasValidLength: Bool
    /// Whether the id meets Engagemangsindex's own rule: 1–64 printable ASCII characters, no white space.
    public let meetsEngagementIndexRule: Bool

    /// Analyses `text` against every rule.
    public init(_ text: String) {
        self.text = text
        let bytes = Array(text.utf8)
        meetsEngagementIndexRule = (1...Self.engagementIndexMaximumLength).contains(bytes.count)
            && bytes.allSatisfy { (0x21...0x7E).contains($0) }
        // Printable ASCII has one character per byte; anything else is counted by grapheme clusters.
        hasValidLength = (meetsEngagementIndexRule ? bytes.count : text.count) <= Self.maximumLength

        var rest: ArraySlice<UInt8>
        if bytes.starts(with: "SE".utf8) {
            prefix = .national
            rest = bytes.dropFirst(2)
        } else if bytes.starts(with: "TSTNMT".utf8) {
            prefix = .testCatalogue
            rest = bytes.dropFirst(6)
        } else {
            prefix = .none
            rest = bytes[...]
        }
        let digits = rest.prefix { (0x30...0x39).contains($0) }
        rest = rest.dropFirst(digits.count)
        let tenDigits = digits.count == 10 || (digits.count == 12 && digits.starts(with: "16".utf8)) ? digits.suffix(10) : nil
        if prefix != .none, let tenDigits {
            organisationNumber = String(decoding: tenDigits, as: UTF8.self)
            hasValidCheckDigit = Self.hasLuhnCheckDigit(digits: tenDigits)
        } else {
            organisationNumber = nil
            hasValidCheckDigit = false
        }
        let suffix = rest.dropFirst()
        hasValidSuffix = rest.first == UInt8(ascii: "-") && !suffix.isEmpty
            && suffix.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
    }

    /// Whether the id meets TAK's rule for logical addresses and components: 1–255 of A–Z a–z 0–9 _ -.
    public var meetsTAKRule: Bool {
        (1...255).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// Whether every strict rule holds (either prefix).
    public var meetsStrictRules: Bool {
        prefix != .none && organisationNumber != nil && hasValidCheckDigit && hasValidSuffix && hasValidLength
    }

    /// The first strict rule that fails, phrased for an error message; nil when all hold.
    public var firstBrokenRule: String? {
        if prefix == .none { return "must start with SE (or TSTNMT for Inera's test catalogue)" }
        if organisationNumber == nil {
            return "must have a 10-digit organisation number (optionally after 16) right after the prefix"
        }
        if !hasValidCheckDigit {
            return "the organisation number's last digit must be the Luhn check digit of its first nine"
        }
        if !hasValidSuffix {
            return "must end with - and one or more of A-Z, a-z, 0-9 (no å, ä, ö, @ or spaces)"
        }
        if !hasValidLength { return "must be at most \(Self.maximumLength) characters" }
        return nil
    }

    /// The Luhn (mod 10) check over the first nine digits, as Swedish organisation numbers use it.
    static func hasLuhnCheckDigit<Digits: Collection<UInt8>>(digits tenDigits: Digits) -> Bool {
        guard tenDigits.count == 10 else { return false }
        var sum = 0, last = 0
        for (index, byte) in tenDigits.enumerated() {
            let digit = Int(byte) - 0x30
            if index == 9 {
                last = digit
            } else {
                let weighted = index.isMultiple(of: 2) ? digit * 2 : digit
                sum += weighted > 9 ? weighted - 9 : weighted
            }
        }
        return (10 - sum % 10) % 10 == last
    }
}
