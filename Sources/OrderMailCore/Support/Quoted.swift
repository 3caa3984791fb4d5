/// A value quoted for a one-line message: in double quotes, at most 80 characters (then "…"), with
/// every character that could disturb a terminal or a log line written as `\u{…}`.
public struct Quoted: CustomStringConvertible, Sendable {
    /// The most characters of a value a message repeats.
    public static let maximumCharacters = 80

    public let description: String

    /// Quotes `value`.
    public init(_ value: some StringProtocol) {
        var text = "\""
        for (count, character) in value.enumerated() {
            if count == Self.maximumCharacters {
                text += "…"
                break
            }
            text += character == "\"" ? "\\\"" : TerminalText.escaped(String(character))
        }
        description = text + "\""
    }
}

/// Text made safe to print on a terminal: control characters, format characters (bidirectional
/// controls, zero-width characters, the BOM) and line or paragraph separators appear as `\u{…}`.
public enum TerminalText {
    /// `text` with every unsafe character escaped; line feeds too unless `keepingLineFeeds`.
    public static func escaped(_ text: String, keepingLineFeeds: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepingLineFeeds && $0 == "\n") }) else {
            return text
        }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar), !(keepingLineFeeds && scalar == "\n") {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `scalar` is a control, format, line-separator or paragraph-separator character.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
