/// Replaces every string shaped like a Swedish personal identity number in a text by its kind and
/// a short keyed digest, so that no output shows one while two findings about the same person can
/// still be told apart within one report.
///
/// Shapes: 12 or 10 characters (`yyyyMMddNNNN`, `yyMMddNNNN`), with `-`, `+` or nothing before the
/// last four, not inside a longer run of digits, whose month is 01–12 (which leaves organisation
/// numbers, whose "month" is 20 or more, alone). A day of 61–91 is a samordningsnummer; a letter in
/// the last four (the schema allows `pPtTfF`) a reservnummer. The digest covers the last ten
/// characters, so a number written with and without its century gets the same one.
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
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes.contains(where: Self.isDigit) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        while index < bytes.count {
            if Self.isDigit(bytes[index]), index == 0 || !Self.isDigit(bytes[index - 1]),
               let match = Self.match(bytes, at: index) {
                output += Array(replacement(for: match.characters).utf8)
                index = match.end
                changed = true
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// The masked form of one number given as its characters without separator.
    private func replacement(for characters: [UInt8]) -> String {
        let tail = characters.suffix(10)
        let day = Int(tail[tail.startIndex + 4] - 0x30) * 10 + Int(tail[tail.startIndex + 5] - 0x30)
        let kind = tail.suffix(4).contains(where: { !Self.isDigit($0) })
            ? "reservnummer" : (61...91).contains(day) ? "samordningsnummer" : "personnummer"
        let normalized = String(decoding: tail.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
        return "\(kind)#" + SHA256.hex("\(key):\(normalized)").prefix(8)
    }

    /// A number starting at `start`: its characters without separator and where it ends.
    private static func match(_ bytes: [UInt8], at start: Int) -> (characters: [UInt8], end: Int)? {
        for dateDigits in [8, 6] {
            var index = start
            var characters: [UInt8] = []
            while index < bytes.count, characters.count < dateDigits, isDigit(bytes[index]) {
                characters.append(bytes[index])
                index += 1
            }
            guard characters.count == dateDigits else { continue }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            guard index + 4 <= bytes.count, isDigit(bytes[index]) || "pPtTfF".utf8.contains(bytes[index]),
                  bytes[(index + 1)..<(index + 4)].allSatisfy(isDigit),
                  index + 4 == bytes.count || !isDigit(bytes[index + 4])
            else { continue }
            characters += bytes[index..<(index + 4)]
            let monthAt = dateDigits == 8 ? 4 : 2
            let month = Int(characters[monthAt] - 0x30) * 10 + Int(characters[monthAt + 1] - 0x30)
            guard (1...12).contains(month) else { continue }
            return (characters, index + 4)
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
