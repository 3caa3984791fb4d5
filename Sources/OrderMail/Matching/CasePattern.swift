import Foundation
import OrderMailCore
import OrderMailMailFormat

/// The configuration's `case-pattern`: a regular expression that finds support's case numbers
/// (`(INC|CS|RITM)[0-9]{5,}`) in a message's subject or body.
public struct CasePattern: @unchecked Sendable {
    // NSRegularExpression is immutable once made and documented as safe to use from any thread.
    private let expression: NSRegularExpression

    /// Compiles `pattern`; an invalid one is a configuration error naming `field`.
    public init(_ pattern: String, field: String = "case-pattern") throws(OrderMailError) {
        guard let expression = try? NSRegularExpression(pattern: pattern) else {
            throw .configurationError(
                "\(field): \(pattern.prefix(80).debugDescription) is not a valid regular expression (example: (INC|CS|RITM)[0-9]{5,})"
            )
        }
        self.expression = expression
    }

    /// The case numbers in the subject, then in the text, each once, in order of appearance.
    public func caseNumbers(in mail: ParsedMail) -> [String] {
        var found: [String] = []
        for text in [mail.subject, mail.text] {
            let range = NSRange(text.startIndex..., in: text)
            for match in expression.matches(in: text, range: range) {
                guard let matched = Range(match.range, in: text) else { continue }
                let number = String(text[matched])
                if !number.isEmpty, !found.contains(number) { found.append(number) }
            }
        }
        return found
    }
}
