/// A value that broke one of the order's rules: which field, which rule, and a valid example.
public struct FieldError: Error, Equatable, Sendable {
    /// The field's key, as the command-line flag names it without dashes (`hsa-id`, `system-name`).
    public var field: String
    /// The rule the value broke, phrased so that it completes "must …" or stands alone.
    public var rule: String
    /// A value that would have been accepted, where one helps.
    public var example: String?

    /// Creates an error for `field` that broke `rule`.
    public init(field: String, rule: String, example: String? = nil) {
        self.field = field
        self.rule = rule
        self.example = example
    }

    /// The one-line explanation, with the field labelled as its source names it.
    public func message(fieldLabel: String) -> String {
        var text = "\(fieldLabel): \(rule)"
        if let example { text += " (example: \(example))" }
        return text
    }
}
