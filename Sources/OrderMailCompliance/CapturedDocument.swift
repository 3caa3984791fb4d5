import OrderMailCore

/// A value read from a captured request: its text content exactly as sent, and the line it starts on.
package struct CapturedValue: Equatable, Sendable {
    package var text: String
    package var line: Int

    package init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// A problem the document's structure shows, found while reading it.
package struct StructuralProblem: Equatable, Sendable {
    package var rule: ComplianceRule
    package var line: Int
    package var field: String
    package var message: String
}

/// One `engagementTransaction` of a captured `Update`.
package struct CapturedTransaction: Equatable, Sendable {
    /// Where `engagementTransaction` opens.
    package var line: Int
    package var deleteFlag: CapturedValue?
    /// The engagement's fields (the first of each, when one is repeated).
    package var fields = EngagementFields()
    /// Element order, missing elements, elements inside values.
    package var problems: [StructuralProblem] = []
}

/// A captured `Update` request.
package struct CapturedRequest: Equatable, Sendable {
    /// Whether it stood in a SOAP envelope (only then can the RIVTA header be checked).
    package var hasEnvelope = false
    /// Whether the envelope was SOAP 1.2's (the index takes SOAP 1.1 only).
    package var isSOAP12 = false
    package var headerLogicalAddress: CapturedValue?
    package var transactions: [CapturedTransaction] = []
    /// Problems of the request as a whole (its own element order).
    package var problems: [StructuralProblem] = []
}

/// A captured `UpdateResponse` or SOAP fault.
package struct CapturedResponse: Equatable, Sendable {
    package var resultCode: String?
    package var comment: String?
    package var isFault = false
}

/// What one XML document found in a capture is.
package enum CapturedDocument: Equatable, Sendable {
    case request(CapturedRequest)
    case response(CapturedResponse)
    /// Another SOAP message (another contract): not checked.
    case other
}

/// The namespaces of the `Update` interaction.
package enum UpdateNamespace {
    package static let responder = "urn:riv:itintegration:engagementindex:UpdateResponder:1"
    package static let core = "urn:riv:itintegration:engagementindex:1"
    package static let registry = "urn:riv:itintegration:registry:1"
    package static let soap11 = "http://schemas.xmlsoap.org/soap/envelope/"
    package static let soap12 = "http://www.w3.org/2003/05/soap-envelope"
}

/// EngagementType's elements, in the schema's order.
package enum EngagementField: String, CaseIterable, Sendable {
    case registeredResidentIdentification, serviceDomain, categorization, logicalAddress
    case businessObjectInstanceIdentifier, clinicalProcessInterestId, mostRecentContent, sourceSystem
    case creationTime, updateTime, dataController, owner

    /// Whether the schema requires it.
    package var isRequired: Bool { ![.mostRecentContent, .creationTime, .updateTime, .owner].contains(self) }
    /// Its position in the schema's sequence.
    package var position: Int {
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
package struct EngagementFields: Equatable, Sendable {
    private var values = [CapturedValue?](repeating: nil, count: EngagementField.allCases.count)

    package init() {}

    package subscript(field: EngagementField) -> CapturedValue? {
        get { values[field.position] }
        set { values[field.position] = newValue }
    }
}
