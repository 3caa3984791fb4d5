import Foundation
import OrderMail

/// argument-parser's usage errors as ordermail's one-line form, `<flag>: <rule>`.
enum UsageError {
    /// The first line of argument-parser's message, led by the flag it names; a value (or an
    /// unknown option or argument) the user typed is quoted to at most 80 characters.
    static func line(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        var text = lines.first ?? message
        // A list of choices follows on lines of their own, as "- value".
        let choices = lines.dropFirst().prefix { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
        if !choices.isEmpty { text += " " + choices.joined(separator: ", ") }
        if text.hasPrefix("Error: ") { text.removeFirst(7) }
        // The value (or unknown option, or argument) as the user typed it, to at most 80 characters.
        if let match = text.firstMatch(of: #/^(.*?[Vv]alue )'(.*)'( is invalid for '.*)$/#) {
            text = "\(match.1)'\(Self.shortened(match.2))'\(match.3)"
        } else if let open = text.firstMatch(of: #/^(.*?[Vv]alue )'(.*)$/#) {
            // A value with a line end in it: its first line only, shortened too.
            text = "\(open.1)'\(Self.shortened(open.2))"
        }
        if let unknown = text.firstMatch(of: #/^Unknown option '(.*)'$/#)?.1 {
            let option = Self.shortened(unknown)
            return "\(option): unknown option '\(option)'"
        }
        if text.hasPrefix("--") { return text }
        if let unexpected = text.firstMatch(of: #/^Unexpected argument '(.*)'$/#)?.1 {
            return "\(Self.shortened(unexpected)): not a subcommand or argument here; see ordermail --help"
        }
        guard let flag = text.firstMatch(of: #/'(--[a-z0-9-]+)/#)?.1 ?? text.firstMatch(of: #/'<([a-z0-9-]+)>'/#)?.1
        else {
            return "usage: \(text)"
        }
        let rule = text.prefix(1).lowercased() + text.dropFirst()
        return "\(Self.shortened(flag)): \(rule)"
    }

    /// At most ``Quoted/maximumCharacters`` characters of `value`, then `…`.
    static func shortened(_ value: some StringProtocol) -> String {
        value.count > Quoted.maximumCharacters ? value.prefix(Quoted.maximumCharacters) + "…" : String(value)
    }
}
