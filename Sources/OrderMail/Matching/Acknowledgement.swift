import Foundation
import OrderMailCore
import OrderMailMailFormat

/// Recognises a case desk's receipt ("Ärende CS0012345 har registrerats", "Your case has been
/// received"): built-in phrases in Swedish and English, and the region's own `acknowledgement-pattern`.
/// Only the subject and the message's own text are read: quoted lines (`>`) and the original below
/// a reply header (`-----Original Message-----`, `Från:`, `On … wrote:`) never are.
public struct Acknowledgement: @unchecked Sendable {
    // NSRegularExpression is immutable once made and documented as safe to use from any thread.
    private let expressions: [(name: String, expression: NSRegularExpression)]

    /// One built-in phrase: its language, the regular expression (compared without regard to case)
    /// and a receipt's words it recognises.
    public struct Phrase: Sendable {
        public var language: Language
        public var pattern: String
        public var example: String
    }

    /// The built-in phrases, one table for both languages.
    public static let phrases: [Phrase] = [
        Phrase(
            language: .sv,
            pattern:
                #"\bärende(?:t|nummer)?(?:\s+\S+)?\s+har\s+(?:registrerats|skapats|öppnats|mottagits|tagits\s+emot)"#,
            example: "Ärende CS0012345 har registrerats"),
        Phrase(
            language: .sv,
            pattern:
                #"\bvi\s+har\s+(?:tagit\s+emot|mottagit)\s+(?:ditt|ert)\s+(?:ärende|meddelande|e-?post(?:meddelande)?|mejl)"#,
            example: "Vi har tagit emot ditt ärende och återkommer så snart vi kan."),
        Phrase(
            language: .sv, pattern: #"\b(?:ditt|ert)\s+ärende\s+har\s+fått\s+(?:nummer|ärendenummer)"#,
            example: "Ditt ärende har fått nummer INC0012345."),
        Phrase(
            language: .en,
            pattern:
                #"\byour\s+(?:case|request|ticket|e-?mail|message)\s+has\s+been\s+(?:received|registered|created|logged)"#,
            example: "Your case has been received"),
        Phrase(
            language: .en,
            pattern:
                #"\b(?:case|ticket|incident|request)(?:\s+(?:number|no\.?|#))?\s*\S*\s+has\s+been\s+(?:created|registered|opened|logged)"#,
            example: "Case CS0012345 has been created"),
        Phrase(
            language: .en,
            pattern: #"\bwe\s+have\s+received\s+your\s+(?:case|request|e-?mail|message|enquiry|inquiry)"#,
            example: "We have received your request and will get back to you."),
    ]

    /// The built-in phrases and, when given, the region's own pattern (the configuration's
    /// `acknowledgement-pattern`); an invalid pattern is a configuration error.
    public init(pattern: String? = nil) throws(OrderMailError) {
        var expressions: [(String, NSRegularExpression)] = []
        for phrase in Self.phrases {
            guard let expression = try? NSRegularExpression(pattern: phrase.pattern, options: [.caseInsensitive]) else {
                throw .configurationError(
                    "acknowledgement: the built-in phrase \(phrase.example.debugDescription) does not compile")
            }
            expressions.append(("\(phrase.language.rawValue) phrase", expression))
        }
        if let pattern {
            guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
                throw .configurationError(
                    "acknowledgement-pattern: \(pattern.prefix(80).debugDescription) is not a valid regular expression (example: Ärende [A-Z]+[0-9]+ är registrerat)"
                )
            }
            expressions.append(("acknowledgement-pattern", expression))
        }
        self.expressions = expressions
    }

    /// What recognised `mail` as a receipt (`sv phrase`, `acknowledgement-pattern`), or nil.
    public func signal(in mail: ParsedMail) -> String? {
        let text = mail.subject + "\n" + Self.ownText(mail.text)
        let range = NSRange(text.startIndex..., in: text)
        return expressions.first { $0.expression.firstMatch(in: text, range: range) != nil }?.name
    }

    /// The lines a message's writer wrote: up to the first reply header, without quoted lines.
    static func ownText(_ text: String) -> String {
        var own: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace
            if isReplyHeader(trimmed) { break }
            if trimmed.hasPrefix(">") { continue }
            own.append(line)
        }
        return own.joined(separator: "\n")
    }

    /// `-----Original Message-----`, `-----Ursprungligt meddelande-----`, Outlook's `Från:` or
    /// `From:` block, `On … wrote:`, `Den … skrev:`.
    private static func isReplyHeader(_ line: String) -> Bool {
        let lower = line.lowercased()
        if lower.hasPrefix("-----") && (lower.contains("original") || lower.contains("ursprungligt")) { return true }
        if lower.hasPrefix("from:") || lower.hasPrefix("från:") { return true }
        if (lower.hasPrefix("on ") && lower.hasSuffix("wrote:"))
            || (lower.hasPrefix("den ") && lower.hasSuffix("skrev:"))
        {
            return true
        }
        return false
    }
}
