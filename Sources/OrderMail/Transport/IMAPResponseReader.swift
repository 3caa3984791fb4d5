import OrderMailCore

/// Reads the server's replies to one IMAP command from the bytes as they arrive, counting each
/// literal (`{N}` and then exactly N bytes) byte by byte: inside a literal nothing is a line, so a
/// message body with lines such as `A001 OK` is only ever message body.
///
/// Each bound is checked as the bytes arrive: a line longer than `longestLine`, a literal announced
/// larger than `largestLiteral`, or replies larger than both together break the reply at once.
struct IMAPResponseReader {
    /// One untagged reply: its text with each literal left out, and the literals in order.
    struct Untagged: Equatable {
        var text: String
        var literals: [[UInt8]]
    }

    /// The command's tag (`O005`).
    let tag: String
    /// The longest reply line taken, line end included (a `UID SEARCH` answer is one line).
    let longestLine: Int
    /// The largest literal taken (a message body is one literal).
    let largestLiteral: Int
    private(set) var untagged: [Untagged] = []
    /// The tagged line that ends the command, without its line end.
    private(set) var tagged: String?
    private var current = Untagged(text: "", literals: [])
    private var line: [UInt8] = []
    private var literal: [UInt8] = []
    /// Bytes still owed to the literal being read; nil outside a literal.
    private var owed: Int?
    /// Bytes taken so far: all of a command's replies together stay within one literal and one line.
    private var total = 0
    /// Set when something arrived that cannot belong to a well-formed reply.
    private(set) var broken: String?

    init(tag: String, longestLine: Int = 64 * 1024, largestLiteral: Int = 64 * 1024) {
        self.tag = tag
        self.longestLine = longestLine
        self.largestLiteral = largestLiteral
    }

    /// Whether the tagged line has come (or the reply broke): nothing more belongs to this command.
    var isDone: Bool { tagged != nil || broken != nil }

    /// Takes bytes as they arrived; returns how many belong to this command's replies (all of them
    /// until the tagged line's end, none after it or after the reply broke).
    @discardableResult
    mutating func take(_ bytes: some Collection<UInt8>) -> Int {
        var used = 0
        var index = bytes.startIndex
        while index != bytes.endIndex, !isDone {
            if let count = owed {
                let end = bytes.index(index, offsetBy: count, limitedBy: bytes.endIndex) ?? bytes.endIndex
                let taken = bytes.distance(from: index, to: end)
                literal.append(contentsOf: bytes[index..<end])
                owed = count - taken
                used += taken
                index = end
                if owed == 0 { closeLiteral() }
                continue
            }
            let byte = bytes[index]
            index = bytes.index(after: index)
            used += 1
            line.append(byte)
            if byte == UInt8(ascii: "\n") {
                takeLine()
                line = []
            } else if line.count >= longestLine {
                broken = "a reply line is longer than \(longestLine) bytes"
            }
        }
        total += used
        if total > largestLiteral + longestLine, broken == nil {
            broken = "the replies to \(tag) are larger than \(largestLiteral + longestLine) bytes"
        }
        return used
    }

    /// Checks that the reply is whole: no literal short of its bytes, no reply cut off, the tagged line seen.
    func finish() throws(IMAPProtocolError) {
        if let broken { throw IMAPProtocolError(broken) }
        if let owed { throw IMAPProtocolError("a literal ended \(owed) bytes short of its announced size") }
        guard line.isEmpty, current.text.isEmpty, current.literals.isEmpty else {
            throw IMAPProtocolError("a reply was cut off")
        }
        guard tagged != nil else { throw IMAPProtocolError("the tagged reply to \(tag) never came") }
    }

    /// The tagged reply's status word (`OK`, `NO`, `BAD`) and the rest of its text.
    var status: (word: String, text: String)? {
        guard let tagged else { return nil }
        let words = tagged.dropFirst(tag.count + 1).split(separator: " ", maxSplits: 1)
        return (words.first.map(String.init) ?? "", words.count > 1 ? String(words[1]) : "")
    }

    private mutating func closeLiteral() {
        current.literals.append(literal)
        literal = []
        owed = nil
    }

    /// One line outside a literal, line end included: ends the reply, or opens a literal at `{N}`.
    private mutating func takeLine() {
        var text = line
        text.removeLast()
        if text.last == UInt8(ascii: "\r") { text.removeLast() }
        let string = String(decoding: text, as: UTF8.self)
        if string.hasSuffix("}"), let open = string.lastIndex(of: "{"),
            case let digits = string[string.index(after: open)..<string.index(before: string.endIndex)],
            !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit)
        {
            guard digits.count <= 10, let count = Int(digits), count <= largestLiteral else {
                broken = "a literal of \(digits.prefix(12)) bytes is larger than the \(largestLiteral) taken"
                return
            }
            current.text += string[..<open]
            owed = count
            literal.reserveCapacity(count)
            if count == 0 { closeLiteral() }
            return
        }
        current.text += string
        if current.literals.isEmpty, current.text.hasPrefix(tag + " ") {
            tagged = current.text
        } else if current.text.hasPrefix("* ") {
            untagged.append(current)
        } else if !current.text.hasPrefix("+") {
            broken = "a reply starts with neither * nor the tag \(tag)"
        }
        current = Untagged(text: "", literals: [])
    }
}

/// The server's replies broke IMAP's rules or a bound: the connection is dropped.
struct IMAPProtocolError: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
