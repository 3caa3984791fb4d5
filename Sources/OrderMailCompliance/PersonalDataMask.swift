import OrderMailCore

/// Replaces every string shaped like a Swedish personal identity number in a text by its kind and
/// a short keyed digest, so that no output shows one while two findings about the same person can
/// still be told apart within one report.
///
/// Digits are read as digits whatever script writes them (full-width and other Unicode decimal
/// digits count). Shapes:
/// - 12 or 10 digits (`yyyyMMddNNNN`, `yyMMddNNNN`) with a month 01–12, alone or with `-` or `+`
///   before the last four (which leaves organisation numbers, whose "month" is 20 or more, alone);
/// - the same with a space or another dash (en dash, minus) before the last four, or a stray
///   character before the check digit (`19780202987;1`), when the Luhn digit holds;
/// - any run of digits that holds such a number (a real date, and the Luhn digit over its last
///   ten), masked with the whole run (`1978020298710`, a booking id built as number + counter);
/// - every value the resident-identity pattern allows with letters: eight digits and four letters
///   or digits (`22121205KA27`, `19810829M071`, `19810829SU3A`, `19121212T123`).
/// A day of 61–91 is a samordningsnummer; a letter in the last four a reservnummer. The digest
/// covers the last ten characters, so a number written with and without its century gets the same one.
public struct PersonalDataMask: Sendable {
    private let key: String

    /// A mask with `key`; tests pin it, a run uses ``random()``.
    public init(key: String) {
        self.key = key
    }

    /// A mask with a fresh random key, so digests differ from one run to the next.
    public static func random() -> PersonalDataMask {
        var generator = SystemRandomNumberGenerator()
        return PersonalDataMask(key: (0..<4).map { _ in String(generator.next(), radix: 16) }.joined())
    }

    /// `text` with every identity number replaced, e.g. `personnummer#3fa85f64`.
    public func mask(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 10 else { return text }
        let digits = scalars.map(Self.digitValue)
        guard digits.contains(where: { $0 != nil }) else { return text }
        var output = String.UnicodeScalarView()
        var index = 0
        var changed = false
        while index < scalars.count {
            guard digits[index] != nil, index == 0 || digits[index - 1] == nil,
                let match = Self.match(scalars, digits, at: index)
            else {
                output.append(scalars[index])
                index += 1
                continue
            }
            output.append(contentsOf: replacement(for: match.characters).unicodeScalars)
            index = match.end
            changed = true
        }
        return changed ? String(output) : text
    }

    /// The masked form of one number given as its characters without separator (ASCII, letters upper case).
    private func replacement(for characters: [UInt8]) -> String {
        let tail = Array(characters.suffix(10))
        let day = Int(tail[4] - 0x30) * 10 + Int(tail[5] - 0x30)
        let kind =
            tail.suffix(4).contains(where: { !(0x30...0x39).contains($0) })
            ? "reservnummer" : (61...91).contains(day) ? "samordningsnummer" : "personnummer"
        return "\(kind)#" + SHA256.hex("\(key):\(String(decoding: tail, as: UTF8.self))").prefix(8)
    }

    /// The separators written between the date and the last four.
    private static let separators: Set<Unicode.Scalar> = [
        "-", "+", " ", "\u{00A0}", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}", "\u{FF0D}",
        "\u{FF0B}",
    ]

    /// A number starting at `start`, the first digit of a run: its characters without separator and where the masked span ends.
    private static func match(_ scalars: [Unicode.Scalar], _ digits: [Int?], at start: Int) -> (
        characters: [UInt8], end: Int
    )? {
        var runEnd = start
        while runEnd < digits.count, digits[runEnd] != nil { runEnd += 1 }
        let run = digits[start..<runEnd].map { UInt8($0 ?? 0) + 0x30 }
        // The whole run, alone: 12 or 10 digits with a month (the classic shapes, no Luhn asked).
        if run.count == 12 || run.count == 10, hasMonth(run, at: run.count == 12 ? 4 : 2),
            !continuesAsReserve(scalars, at: runEnd)
        {
            return (run, runEnd)
        }
        // A number inside a longer run: masked with the run.
        if run.count > 10, let window = numberInside(run) { return (window, runEnd) }
        // Eight digits and four letters or digits with a letter: the resident-identity pattern's reserve forms.
        if run.count == 8, runEnd + 4 <= scalars.count {
            let tail = scalars[runEnd..<(runEnd + 4)]
            if tail.allSatisfy(isASCIIAlphanumeric), tail.contains(where: { !isASCIIDigit($0) }),
                runEnd + 4 == scalars.count || !isAlphanumeric(scalars[runEnd + 4], digits[runEnd + 4])
            {
                return (run + tail.map { UInt8(ascii: $0).uppercasedASCII }, runEnd + 4)
            }
        }
        // A date, a separator, and the last four (a letter first for a reserve number; a stray character before the check digit).
        for dateDigits in [8, 6]
        where (dateDigits...(dateDigits + 3)).contains(run.count) && hasMonth(run, at: dateDigits - 4) {
            if let found = separatedNumber(scalars, digits, run: run, dateDigits: dateDigits, runEnd: runEnd) {
                return found
            }
        }
        return nil
    }

    /// The date's digits, then (when the run holds only the date) a separator, then the rest of the last four.
    private static func separatedNumber(
        _ scalars: [Unicode.Scalar], _ digits: [Int?], run: [UInt8], dateDigits: Int, runEnd: Int
    ) -> (characters: [UInt8], end: Int)? {
        var index = runEnd
        var last = Array(run[dateDigits...])
        var separator: Unicode.Scalar?
        if last.isEmpty, index < scalars.count, separators.contains(scalars[index]) {
            separator = scalars[index]
            index += 1
        }
        var stray = false
        while last.count < 4, index < scalars.count {
            if let digit = digits[index] {
                last.append(UInt8(digit) + 0x30)
            } else if last.isEmpty, "pPtTfF".unicodeScalars.contains(scalars[index]) {
                last.append(UInt8(ascii: scalars[index]).uppercasedASCII)
            } else if last.count == 3, !stray, !isAlphanumeric(scalars[index], nil), scalars[index] != " " {
                stray = true
            } else {
                break
            }
            index += 1
        }
        guard last.count == 4, index == scalars.count || digits[index] == nil, separator != nil || stray else {
            return nil
        }
        let characters = Array(run[..<dateDigits]) + last
        let needsLuhn = stray || (separator != "-" && separator != "+")
        if needsLuhn, !luhn(characters.suffix(10)) { return nil }
        return (characters, index)
    }

    /// Whether the run goes on as a reserve identity's letters (then the letter form decides).
    private static func continuesAsReserve(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        index < scalars.count && isASCIIAlphanumeric(scalars[index])
    }

    /// An identity number inside a run of digits: 12 digits with a real date, or 10, whose Luhn digit holds.
    private static func numberInside(_ run: [UInt8]) -> [UInt8]? {
        for length in [12, 10] where run.count >= length {
            for start in 0...(run.count - length) {
                let window = Array(run[start..<(start + length)])
                let date = length == 12 ? 4 : 2
                if hasMonth(window, at: date), hasDay(window, at: date + 2), luhn(window.suffix(10)) { return window }
            }
        }
        return nil
    }

    private static func hasMonth(_ characters: [UInt8], at index: Int) -> Bool {
        guard index + 1 < characters.count else { return false }
        let month = Int(characters[index] - 0x30) * 10 + Int(characters[index + 1] - 0x30)
        return (1...12).contains(month)
    }

    private static func hasDay(_ characters: [UInt8], at index: Int) -> Bool {
        let day = Int(characters[index] - 0x30) * 10 + Int(characters[index + 1] - 0x30)
        return (1...31).contains(day) || (61...91).contains(day)
    }

    private static func luhn(_ characters: ArraySlice<UInt8>) -> Bool {
        guard characters.count == 10, characters.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return HSAIDAnalysis.hasLuhnCheckDigit(characters.map { Int($0) - 0x30 })
    }

    /// The value of a decimal digit in any script (`7`, `７`, `٧`), else nil.
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        if (0x30...0x39).contains(scalar.value) { return Int(scalar.value) - 0x30 }
        guard scalar.value > 0x7F, scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue
        else { return nil }
        return Int(value)
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIDigit(scalar) || (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar, _ digit: Int?) -> Bool {
        digit != nil || scalar.properties.isAlphabetic
    }
}

extension UInt8 {
    fileprivate var uppercasedASCII: UInt8 { (0x61...0x7A).contains(self) ? self - 0x20 : self }
}
