/// The NTjP platforms TAK knows, by TAK's own names.
public enum TAKPlatform: String, Sendable, CaseIterable {
    case development = "NTJP-DEV"
    case test = "NTJP-TEST"
    case qa = "NTJP-QA"
    case production = "NTJP-PROD"

    /// Parses TAK's name, in any case.
    public init(parsing text: String) throws(FieldError) {
        guard let platform = TAKPlatform(rawValue: text.uppercased()) else {
            throw FieldError(field: "platform", rule: "must be NTJP-DEV, NTJP-TEST, NTJP-QA or NTJP-PROD", example: "NTJP-PROD")
        }
        self = platform
    }

    /// QA and production take only https addresses.
    public var requiresHTTPS: Bool { self == .qa || self == .production }
}
