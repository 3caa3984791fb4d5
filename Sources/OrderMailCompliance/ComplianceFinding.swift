import OrderMailCore

/// One finding of `check-updates`: which rule, where, and what was sent (personal data masked).
public struct ComplianceFinding: Codable, Equatable, Sendable {
    public var rule: String
    public var severity: Severity
    /// The input, as named on the command line (or found in a folder).
    public var file: String
    /// The line of the input, where known.
    public var line: Int?
    /// The request's position in its file (1 for the first), where the finding is about one.
    public var request: Int?
    /// The engagement's position in its request, where the finding is about one.
    public var engagement: Int?
    /// The field the finding is about.
    public var field: String?
    /// The offending value (masked; left out with `--share` when it is a booking id or a time).
    public var value: String?
    /// The booking (`businessObjectInstanceIdentifier`, masked; left out with `--share`).
    public var booking: String?
    /// What is wrong, in one line.
    public var message: String
}

/// A finding before it is placed and masked.
package struct RuleFinding: Equatable {
    package var rule: ComplianceRule
    package var line: Int?
    package var field: String?
    package var value: String?
    package var message: FindingMessage

    package init(
        _ rule: ComplianceRule, line: Int? = nil, field: String? = nil, value: String? = nil, _ message: FindingMessage
    ) {
        self.rule = rule
        self.line = line
        self.field = field
        self.value = value
        self.message = message
    }
}
