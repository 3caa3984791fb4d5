/// Finds which of many phrases (case numbers, references, HSA-ids) occur in a text, comparing
/// words without regard to case and ignoring the punctuation and spacing between them, so that
/// `SE2321000016-84GX` is found in `sourceSystem se2321000016-84gx,` but not in `…-84GXY`.
struct PhraseIndex {
    private var byFirstWord: [String: [(rest: [String], orderID: Int64)]] = [:]

    /// Adds `phrase` for `orderID`; a phrase without letters or digits is not added.
    mutating func add(_ phrase: String, orderID: Int64) {
        let words = Self.words(phrase)
        guard let first = words.first else { return }
        byFirstWord[first, default: []].append((Array(words.dropFirst()), orderID))
    }

    /// The orders whose phrases occur in `words` (a text's `words(_:)`).
    func orders(in words: [String]) -> Set<Int64> {
        var found = Set<Int64>()
        for (position, word) in words.enumerated() {
            guard let entries = byFirstWord[word] else { continue }
            for entry in entries where position + entry.rest.count < words.count {
                if entry.rest.isEmpty || words[(position + 1)...(position + entry.rest.count)].elementsEqual(entry.rest) {
                    found.insert(entry.orderID)
                }
            }
        }
        return found
    }

    /// The runs of letters and digits in `text`, in lower case.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words
    }
}
