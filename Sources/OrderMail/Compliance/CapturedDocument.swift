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
    /// The engagement's fields (the first of each, when one is repeated).
    var fields = EngagementFields()
    /// Element order, missing elements, elements inside values.
    var problems: [StructuralProblem] = []
}

/// A captured `Update` request.
struct CapturedRequest: Equatable, Sendable {
    /// Whether it stood in a SOAP envelope (only then can the RIVTA header be checked).
    var hasEnvelope = false
    /// Whether the envelope was SOAP 1.2's (the index takes SOAP 1.1 only).
    var isSOAP12 = false
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

/// EngagementType's elements, in the schema's order.
enum EngagementField: String, CaseIterable, Sendable {
    case registeredResidentIdentification, serviceDomain, categorization, logicalAddress
    case businessObjectInstanceIdentifier, clinicalProcessInterestId, mostRecentContent, sourceSystem
    case creationTime, updateTime, dataController, owner

    /// Whether the schema requires it.
    var isRequired: Bool { ![.mostRecentContent, .creationTime, .updateTime, .owner].contains(self) }
    /// Its position in the schema's sequence.
    var position: Int {
        switch self {
        case .registeredResidentIdentification: 0
        case .serviceDomain: 1
        case .categorization: 2
        case .logicalAddress: 3
        case .businessObjectInstanceIdentifier: 4
        case .clinicalProcessInterestId: 5
        case .mostRecentContent: 6
        case .sourceSystem: 7
        case .creationTime: 8
        case .updateTime: 9
        case .dataController: 10
        case .owner: 11
        }
    }
}

/// An engagement's values, one slot per field.
struct EngagementFields: Equatable, Sendable {
    private var values = [CapturedValue?](repeating: nil, count: EngagementField.allCases.count)

    subscript(field: EngagementField) -> CapturedValue? {
        get { values[field.position] }
        set { values[field.position] = newValue }
    }
}
