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

    /// Whether Engagemangsindex's validator (skltp/ei `EIUtils.isTrimmed`, `EngagementValidator`) lets the id
    /// through: 1-64 characters, no leading or trailing white space (non-ASCII is not refused).
    public var passesEngagementIndexValidation: Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, scalars.count <= Self.engagementIndexMaximumLength
        else { return false }
        return !first.properties.isWhitespace && !last.properties.isWhitespace
    }

    /// Analyses `text` against every rule. Letters compare in any case, as HSA-ids do: the rules are
    /// checked on the id's upper-case form. Every rule is about ASCII, so the id is read as UTF-8
    /// bytes: a byte of a multi-byte character (0x80 and above) is never a digit, letter or `-`, and
    /// no character is made of ASCII bytes alone but an ASCII character.
    public init(_ text: String) {
        self.text = text
        var contiguous = text
        let result = contiguous.withUTF8 { Self.analyse($0) }
        prefix = result.prefix
        organisationNumber = result.organisationNumber
        hasValidCheckDigit = result.hasValidCheckDigit
        hasValidSuffix = result.hasValidSuffix
        meetsEngagementIndexRule = result.meetsEngagementIndexRule
        // An ASCII id has as many characters as bytes; only another needs Unicode's count.
        hasValidLength = result.isASCII ? text.utf8.count <= Self.maximumLength : text.count <= Self.maximumLength
    }

    /// The rules over the id's bytes.
    private static func analyse(_ bytes: UnsafeBufferPointer<UInt8>) -> (
        prefix: Prefix, organisationNumber: String?, hasValidCheckDigit: Bool, hasValidSuffix: Bool,
        meetsEngagementIndexRule: Bool, isASCII: Bool
    ) {
        let isASCII = !bytes.contains { $0 >= 0x80 }
        let meetsEngagementIndexRule =
            (1...engagementIndexMaximumLength).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
        func upper(_ byte: UInt8) -> UInt8 { (0x61...0x7A).contains(byte) ? byte - 0x20 : byte }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func starts(with word: StaticString) -> Bool {
            guard bytes.count >= word.utf8CodeUnitCount else { return false }
            return (0..<word.utf8CodeUnitCount).allSatisfy { upper(bytes[$0]) == word.utf8Start[$0] }
        }
        let prefix: Prefix = starts(with: "SE") ? .national : starts(with: "TSTNMT") ? .testCatalogue : .none
        var index = prefix == .national ? 2 : prefix == .testCatalogue ? 6 : 0
        let digitsStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let digitCount = index - digitsStart
        var organisationNumber: String?
        var hasValidCheckDigit = false
        let tenDigits =
            digitCount == 10 || (digitCount == 12 && bytes[digitsStart] == 0x31 && bytes[digitsStart + 1] == 0x36)
        if prefix != .none, tenDigits {
            let digits = UnsafeBufferPointer(rebasing: bytes[(index - 10)..<index])
            organisationNumber = String(decoding: digits, as: UTF8.self)
            hasValidCheckDigit = hasLuhnCheckDigit(digits.map { Int($0) - 0x30 })
        }
        let suffix = bytes[min(index + 1, bytes.count)...]
        let hasValidSuffix =
            index < bytes.count && bytes[index] == UInt8(ascii: "-") && !suffix.isEmpty
            && suffix.allSatisfy { isDigit($0) || (0x41...0x5A).contains(upper($0)) }
        return (prefix, organisationNumber, hasValidCheckDigit, hasValidSuffix, meetsEngagementIndexRule, isASCII)
    }

    /// `text` with its ASCII letters in upper case, the form TAK stores and ids are compared in.
    public static func upperCased(_ text: String) -> String {
        // Bytes a–z occur in UTF-8 only as those letters, never inside a multi-byte character.
        guard text.utf8.contains(where: { (0x61...0x7A).contains($0) }) else { return text }
        return String(decoding: text.utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Whether the id meets TAK's rule for logical addresses and components: 1–255 of A–Z a–z 0–9 _ -.
    public var meetsTAKRule: Bool {
        (1...255).contains(text.unicodeScalars.count)
            && text.unicodeScalars.allSatisfy { scalar in
                Self.isDigit(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || scalar == "_"
                    || scalar == "-"
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

    /// The Luhn (mod 10) check over the first nine of ten digits, as Swedish organisation numbers use it.
    package static func hasLuhnCheckDigit(_ digits: [Int]) -> Bool {
        guard digits.count == 10, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for (index, digit) in digits.prefix(9).enumerated() {
            let weighted = index.isMultiple(of: 2) ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return (10 - sum % 10) % 10 == digits[9]
    }

    /// The same check over ten decimal digits written as text.
    package static func hasLuhnCheckDigit(_ tenDigits: String) -> Bool {
        hasLuhnCheckDigit(tenDigits.unicodeScalars.map { isDigit($0) ? Int($0.value) - 0x30 : -1 })
    }
}
