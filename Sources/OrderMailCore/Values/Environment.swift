/// The 1177 environment an order is for.
public enum Environment: String, Encodable, Sendable, CaseIterable {
    case qa
    case production

    /// Parses the names users type: `qa`, `production`, `prod`, `produktion`, in any case.
    public init(parsing text: String, field: String = "environment") throws(FieldError) {
        switch text.lowercased() {
        case "qa": self = .qa
        case "production", "prod", "produktion": self = .production
        default:
            throw FieldError(field: field, rule: "must be qa or production (prod, produktion)", example: "qa")
        }
    }
}
