import OrderMailCore

/// A finding's text: the tool's own words, with every text read from a capture kept apart so that
/// only that passes through the personal-data mask (a line number or count the tool wrote never does).
///
/// Written as a string literal: `"\(name) is \(length) characters"` marks `name` as read from the
/// capture (masked) and the `Int` as the tool's own (left as it is).
package struct FindingMessage: Equatable, Sendable, ExpressibleByStringInterpolation {
    fileprivate enum Part: Equatable, Sendable {
        case own(String)
        case read(String)
    }

    private var parts: [Part]

    package init(stringLiteral text: String) {
        parts = [.own(text)]
    }

    package init(stringInterpolation: Interpolation) {
        parts = stringInterpolation.parts
    }

    /// A whole text that may quote the capture (libxml2's message, a structural problem): masked.
    package static func read(_ text: String) -> FindingMessage {
        var message = FindingMessage(stringLiteral: "")
        message.parts = [.read(text)]
        return message
    }

    /// The text as shown, with what was read from the capture masked by `mask`.
    package func masked(by mask: PersonalDataMask) -> String {
        parts.map { part in
            switch part {
            case .own(let text): text
            case .read(let text): mask.mask(text)
            }
        }.joined()
    }

    /// The parts of an interpolated literal.
    package struct Interpolation: StringInterpolationProtocol {
        fileprivate var parts: [Part] = []

        package init(literalCapacity: Int, interpolationCount: Int) {}

        package mutating func appendLiteral(_ literal: String) {
            parts.append(.own(literal))
        }

        /// A text read from the capture (or one that may quote it): masked when shown.
        package mutating func appendInterpolation(_ text: some StringProtocol) {
            parts.append(.read(String(text)))
        }

        /// A number the tool counted (a line, a length, a count): shown as it is.
        package mutating func appendInterpolation(_ number: Int) {
            parts.append(.own(String(number)))
        }
    }
}
