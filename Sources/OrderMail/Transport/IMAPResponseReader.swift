/// Reads the server's replies to one IMAP command from the lines libcurl hands over, reassembling
/// each literal (`{N}` and then N bytes) by its byte count.
///
/// libcurl splits a literal into lines like any other reply and ends the command at the first line
/// that starts with the command's tag, even inside a literal; so a reply is whole only when every
/// literal got exactly its bytes and the tagged line came after them (``finish()``).
struct IMAPResponseReader {
    /// One untagged reply: its text with each literal left out, and the literals in order.
    struct Untagged: Equatable {
        var text: String
        var literals: [[UInt8]]
    }

    /// The command's tag (`A005`).
    let tag: String
    private(set) var untagged: [Untagged] = []
    /// The tagged line that ends the command, without its line end.
    private(set) var tagged: String?
    private var current = Untagged(text: "", literals: [])
    private var literal: [UInt8] = []
    /// Bytes still owed to the literal being read; nil outside a literal.
    private var owed: Int?
    /// Set when something arrived that cannot belong to a well-formed reply.
    private(set) var broken: String?

    init(tag: String) { self.tag = tag }

    /// Whether the next line libcurl hands over is part of a literal (the trace leaves those out).
    var inLiteral: Bool { owed != nil }

    /// Takes one line as libcurl passed it, line end included.
    mutating func take(_ line: some Collection<UInt8>) {
        guard broken == nil else { return }
        if tagged != nil {
            broken = "more came after the tagged reply"
            return
        }
        var rest = Array(line)
        if let count = owed {
            guard rest.count > count else {
                literal += rest
                owed = count - rest.count
                if owed == 0 { closeLiteral() }
                return
            }
            literal += rest[..<count]
            rest = Array(rest[count...])
            closeLiteral()
        }
        takeText(rest)
    }

    /// Checks that the reply is whole: no literal short of its bytes, no reply cut off, the tagged line seen.
    func finish() throws(IMAPProtocolError) {
        if let broken { throw IMAPProtocolError(broken) }
        if let owed { throw IMAPProtocolError("a literal ended \(owed) bytes short of its announced size") }
        guard current.text.isEmpty, current.literals.isEmpty else { throw IMAPProtocolError("a reply was cut off") }
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

    /// Text outside a literal: ends the reply at its line end, or opens a literal at `{N}`.
    private mutating func takeText(_ bytes: [UInt8]) {
        var text = bytes
        guard text.last == UInt8(ascii: "\n") else {
            broken = "a reply line has no line end"
            return
        }
        text.removeLast()
        if text.last == UInt8(ascii: "\r") { text.removeLast() }
        let line = String(decoding: text, as: UTF8.self)
        if line.hasSuffix("}"), let open = line.lastIndex(of: "{"),
           case let digits = line[line.index(after: open)..<line.index(before: line.endIndex)],
           !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let count = Int(digits) {
            current.text += line[..<open]
            owed = count
            if count == 0 { closeLiteral() }
            return
        }
        current.text += line
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

/// The server's replies broke IMAP's rules, or libcurl cut them short: the connection is dropped.
struct IMAPProtocolError: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
