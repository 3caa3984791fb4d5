import Foundation

/// argument-parser's usage errors as ordermail's one-line form, `<flag>: <rule>`.
enum UsageError {
    /// The first line of argument-parser's message, led by the flag it names.
    static func line(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        var text = lines.first ?? message
        // A list of choices follows on lines of their own, as "- value".
        let choices = lines.dropFirst().prefix { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
        if !choices.isEmpty { text += " " + choices.joined(separator: ", ") }
        if text.hasPrefix("Error: ") { text.removeFirst(7) }
        if text.hasPrefix("--") { return text }
        if let unexpected = text.firstMatch(of: #/^Unexpected argument '([^']*)'/#)?.1 {
            return "\(unexpected): not a subcommand or argument here; see ordermail --help"
        }
        guard let flag = text.firstMatch(of: #/'(--[a-z0-9-]+)/#)?.1 ?? text.firstMatch(of: #/'<([a-z0-9-]+)>'/#)?.1 else {
            return "usage: \(text)"
        }
        let rule = text.prefix(1).lowercased() + text.dropFirst()
        return "\(flag): \(rule)"
    }
}
