import Foundation

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
        var declaresText = false
        var line = 1
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            let isTriple = rest[open.upperBound...].hasPrefix("{")
            let closer = isTriple ? "}}}" : "}}"
            guard let close = rest[open.upperBound...].range(of: closer) else {
                return "\(file):\(line): tag is not closed"
            }
            let inner = rest[open.upperBound..<close.lowerBound]
            let content = (isTriple ? inner.dropFirst() : inner).trimmingCharacters(in: .whitespaces)
            if content == "% CONTENT_TYPE: TEXT" || content == "%CONTENT_TYPE:TEXT" {
                declaresText = true
            } else if let message = problem(inTag: content, isTriple: isTriple) {
                return "\(file):\(line): \(message)"
            }
            line += inner.filter { $0 == "\n" }.count
            rest = rest[close.upperBound...]
        }
        return declaresText ? nil : "\(file):1: must start with {{% CONTENT_TYPE: TEXT }} (otherwise text would be HTML-escaped)"
    }

    private func problem(inTag content: String, isTriple: Bool) -> String? {
        guard let sigil = content.first else { return "empty tag {{}}" }
        var name = content
        if !isTriple {
            switch sigil {
            case "!": return nil
            case "#", "^", "/", "&": name = String(content.dropFirst()).trimmingCharacters(in: .whitespaces)
            case ">", "<", "$", "=", "%": return "tag {{\(content)}} is not supported (only variables, sections and comments)"
            default: break
            }
        }
        let isIdentifier = name.first.map { $0.isASCII && $0.isLetter } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard isIdentifier, vocabulary.contains(name) else {
            return "unknown tag {{\(content)}}; known names: \(vocabulary.sorted().joined(separator: ", "))"
        }
        return nil
    }
}
