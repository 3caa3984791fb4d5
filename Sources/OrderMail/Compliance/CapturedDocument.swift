/// A value read from a captured request: its text content exactly as sent, and the line it starts on.
struct CapturedValue: Equatable, Sendable {
    var text: String
    var line: Int
}

/// A problem the document's structure shows, found while reading it.
struct StructuralProblem: Equatable, Sendable {
    var rule: ComplianceRule
    var line: Int
    var field: String
    var message: String
}

/// One `engagementTransaction` of a captured `Update`.
struct CapturedTransaction: Equatable, Sendable {
    /// Where `engagementTransaction` opens.
    var line: Int
    var deleteFlag: CapturedValue?
    /// The engagement's fields by local name (the first of each, when one is repeated).
    var fields: [String: CapturedValue] = [:]
    /// Element order, missing elements, elements inside values.
    var problems: [StructuralProblem] = []
}

/// A captured `Update` request.
struct CapturedRequest: Equatable, Sendable {
    /// Whether it stood in a SOAP envelope (only then can the RIVTA header be checked).
    var hasEnvelope = false
    var headerLogicalAddress: CapturedValue?
    var transactions: [CapturedTransaction] = []
    /// Problems of the request as a whole (its own element order).
    var problems: [StructuralProblem] = []
}

/// A captured `UpdateResponse` or SOAP fault.
struct CapturedResponse: Equatable, Sendable {
    var resultCode: String?
    var comment: String?
    var isFault = false
}

/// What one XML document found in a capture is.
enum CapturedDocument: Equatable, Sendable {
    case request(CapturedRequest)
    case response(CapturedResponse)
    /// Another SOAP message (another contract): not checked.
    case other
}

/// The namespaces of the `Update` interaction.
enum UpdateNamespace {
    static let responder = "urn:riv:itintegration:engagementindex:UpdateResponder:1"
    static let core = "urn:riv:itintegration:engagementindex:1"
    static let registry = "urn:riv:itintegration:registry:1"
    static let soap11 = "http://schemas.xmlsoap.org/soap/envelope/"
    static let soap12 = "http://www.w3.org/2003/05/soap-envelope"
}

/// EngagementType's elements in the schema's order, with whether each is required.
enum EngagementSchema {
    static let fields: [(name: String, required: Bool)] = [
        ("registeredResidentIdentification", true), ("serviceDomain", true), ("categorization", true),
        ("logicalAddress", true), ("businessObjectInstanceIdentifier", true), ("clinicalProcessInterestId", true),
        ("mostRecentContent", false), ("sourceSystem", true), ("creationTime", false), ("updateTime", false),
        ("dataController", true), ("owner", false),
    ]
    static let transaction: [(name: String, required: Bool)] = [("deleteFlag", true), ("engagement", true)]
    static let update: [(name: String, required: Bool)] = [("engagementTransaction", true)]
}
