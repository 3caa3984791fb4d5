import OrderMailCore

/// Finds which of many phrases (case numbers, references, HSA-ids) occur in a text, comparing
/// words without regard to case and ignoring the punctuation and spacing between them, so that
/// `SE2321000016-84GX` is found in `sourceSystem se2321000016-84gx,` but not in `…-84GXY`.
///
/// Holds only hashes of the phrases' words and the owners' numbers, so that an index over
/// 100,000 orders stays small; every hit is confirmed against the phrase itself.
struct PhraseIndex: Sendable {
    /// Phrase hash to the first owner; more owners of the same hash in `moreOwners`.
    private var owners: [Int: Int] = [:]
    private var moreOwners: [Int: [Int]] = [:]
    /// The word counts of the phrases indexed.
    private var lengths: Set<Int> = []

    /// Adds `phrase` for `owner` (an index the caller resolves); a phrase without letters or
    /// digits is not added.
    mutating func add(_ phrase: String, owner: Int) {
        let words = Self.words(phrase)
        guard !words.isEmpty else { return }
        let key = Self.hash(words.map(Self.hash)[...])
        lengths.insert(words.count)
        if owners[key] == nil {
            owners[key] = owner
        } else {
            moreOwners[key, default: []].append(owner)
        }
    }

    /// The owners whose phrase may occur in `words`; `confirm(owner, phrase words)` checks each.
    func owners(in words: [String], confirm: (Int, ArraySlice<String>) -> Bool) -> Set<Int> {
        guard !owners.isEmpty else { return [] }
        let hashes = words.map(Self.hash)
        var found = Set<Int>()
        for start in hashes.indices {
            for length in lengths where start + length <= hashes.count {
                let key = Self.hash(hashes[start..<(start + length)])
                guard let first = owners[key] else { continue }
                for owner in [first] + (moreOwners[key] ?? []) where confirm(owner, words[start..<(start + length)]) {
                    found.insert(owner)
                }
            }
        }
        return found
    }

    private static func hash(_ word: String) -> Int { word.hashValue }

    private static func hash(_ wordHashes: ArraySlice<Int>) -> Int {
        var hasher = Hasher()
        for value in wordHashes { hasher.combine(value) }
        return hasher.finalize()
    }

    /// The runs of letters and digits in `text`, in lower case. ASCII is classified by its bytes;
    /// other characters by their Unicode properties.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        func finish() {
            guard !current.isEmpty else { return }
            let word = String(decoding: current, as: UTF8.self)
            words.append(current.allSatisfy { $0 < 0x80 } ? word : word.lowercased())
            current.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte | 0x20)
                default: finish()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(contentsOf: String(scalar).utf8)
            } else {
                finish()
            }
        }
        finish()
        return words
    }
}
