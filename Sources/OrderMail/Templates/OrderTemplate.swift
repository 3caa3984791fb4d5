import Foundation
import Mustache
import OrderMailCore

/// A subject and body text rendered from an order's templates.
public struct RenderedText: Equatable, Sendable {
    /// One line, without its line end.
    public var subject: String
    /// Lines ended by LF; the last line ends with one.
    public var body: String
}

/// The subject and body templates of one kind of order in one language, checked before use.
///
/// Files: `<name>.<language>.subject.mustache` and `<name>.<language>.body.mustache` in the templates folder.
struct OrderTemplate {
    /// Every kind of order's template base name with the names its templates may use.
    static let vocabularies: [String: Set<String>] = [
        WhitelistingOrder.templateName: WhitelistingOrder.templateVocabulary,
        ActivationOrder.templateName: ActivationOrder.templateVocabulary,
        SendFollowUp.templateName: SendFollowUp.templateVocabulary,
    ]

    let subject: MustacheTemplate
    let body: MustacheTemplate

    /// Loads and checks the templates `name` for `language` from `directory`.
    init(named name: String, language: Language, in directory: String, vocabulary: Set<String>) throws(OrderMailError) {
        subject = try Self.load("\(name).\(language.rawValue).subject.mustache", in: directory, vocabulary: vocabulary)
        body = try Self.load("\(name).\(language.rawValue).body.mustache", in: directory, vocabulary: vocabulary)
    }

    /// Renders both with `context`; a subject that renders to more than one line is refused.
    func render(_ context: [String: Any]) throws(OrderMailError) -> RenderedText {
        let subjectText = subject.render(context).trimmingWhitespace
        guard !subjectText.contains(where: \.isNewline), !subjectText.isEmpty else {
            throw .template("the subject template must render exactly one non-empty line")
        }
        // The body ends with its last line that is not blank, and one line end.
        let bodyText = body.render(context).replacingLineEnds(with: "\n")
        let lastVisible = bodyText.lastIndex { !$0.isWhitespace }
        let end = lastVisible.map { bodyText[$0...].firstIndex(of: "\n") ?? bodyText.endIndex } ?? bodyText.startIndex
        return RenderedText(subject: subjectText, body: bodyText[..<end] + "\n")
    }

    private static func load(_ file: String, in directory: String, vocabulary: Set<String>) throws(OrderMailError)
        -> MustacheTemplate
    {
        let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .template("\(path): template not found or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .template("\(path): template is not UTF-8") }
        if let problem = TemplateScanner(vocabulary: vocabulary).problem(in: text, file: path) {
            throw .template(problem)
        }
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            let place = "\(path):\(error.context.lineNumber):\(error.context.columnNumber)"
            throw .template("\(place): cannot parse the template: \(Self.explain(error.error))")
        } catch {
            throw .template("\(path): cannot parse the template")
        }
    }

    /// What the parser expected, in words.
    private static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "the closing tag {{/…}} names another section than the one it closes"
        case .unfinishedName: "a tag is not closed with }}"
        case .expectedSectionEnd: "a section {{#…}} or {{^…}} is never closed with {{/…}}"
        case .invalidSetDelimiter: "a {{=…=}} delimiter tag is malformed"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
            "the first line must be {{% CONTENT_TYPE: TEXT }}"
        default: "unexpected template syntax"
        }
    }
}
