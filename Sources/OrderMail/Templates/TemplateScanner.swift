import OrderMailCore

/// Checks a Mustache template's tags before it is rendered, because swift-mustache renders a
/// missing key as an empty string and escapes HTML unless told otherwise.
///
/// A template must declare `{{% CONTENT_TYPE: TEXT }}` and may use only variables and sections
/// named in the vocabulary, comments, and that pragma. Partials, delimiter changes, inheritance,
/// transforms and dotted names are refused.
struct TemplateScanner {
    /// The names a template may use.
    let vocabulary: Set<String>

    /// The first problem in `text`, as `file:line: message`; nil when the template is acceptable.
    func problem(in text: String, file: String) -> String? {
        let bytes = Array(text.utf8)
        let brace = UInt8(ascii: "{")
        let closing = UInt8(ascii: "}")
        let newline = UInt8(ascii: "\n")
        var declaresText = false
        var line = 1
        var index = 0
        while index < bytes.count {
            guard bytes[index] == brace, index + 1 < bytes.count, bytes[index + 1] == brace else {
                if bytes[index] == newline { line += 1 }
                index += 1
                continue
            }
            let isTriple = index + 2 < bytes.count && bytes[index + 2] == brace
            let start = index + (isTriple ? 3 : 2)
            let closerLength = isTriple ? 3 : 2
            var end = start
            while end + closerLength <= bytes.count, !bytes[end..<(end + closerLength)].allSatisfy({ $0 == closing }) {
                end += 1
            }
            guard end + closerLength <= bytes.count else { return "\(file):\(line): tag is not closed" }
            let content = String(decoding: bytes[start..<end], as: UTF8.self).trimmingWhitespace
            if content == "% CONTENT_TYPE: TEXT" || content == "%CONTENT_TYPE:TEXT" {
                declaresText = true
            } else if let message = problem(inTag: content, isTriple: isTriple) {
                return "\(file):\(line): \(message)"
            }
            line += bytes[start..<end].filter { $0 == newline }.count
            index = end + closerLength
        }
        return declaresText
            ? nil : "\(file):1: must start with {{% CONTENT_TYPE: TEXT }} (otherwise text would be HTML-escaped)"
    }

    private func problem(inTag content: String, isTriple: Bool) -> String? {
        guard let sigil = content.first else { return "empty tag {{}}" }
        var name = content
        if !isTriple {
            switch sigil {
            case "!": return nil
            case "#", "^", "/", "&": name = String(content.dropFirst()).trimmingWhitespace
            case ">", "<", "$", "=", "%":
                return "tag {{\(content)}} is not supported (only variables, sections and comments)"
            default: break
            }
        }
        let isASCIILetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        let isIdentifier =
            name.utf8.first.map(isASCIILetter) == true
            && name.utf8.allSatisfy { isASCIILetter($0) || (0x30...0x39).contains($0) }
        guard isIdentifier, vocabulary.contains(name) else {
            return "unknown tag {{\(content)}}; known names: \(vocabulary.sorted().joined(separator: ", "))"
        }
        return nil
    }
}
