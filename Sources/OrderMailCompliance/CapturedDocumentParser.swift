import OrderMailCore

/// Builds a ``CapturedDocument`` from the steps of one XML document, as ``XMLStreamReader/scan(_:vocabulary:maximumDepth:visit:)`` gives them.
///
/// It knows the `Update` interaction's schema: the SOAP envelope and its RIVTA header, `Update`,
/// `engagementTransaction` and `engagement` with their sequences, and reports structural problems
/// as it goes. A value's text is the concatenation of all its text and CDATA. Names are compared
/// as indexes into ``vocabulary`` and text is gathered as bytes: a `String` is made only for the
/// values a request carries, once each.
package struct CapturedDocumentParser {
    /// The names the parser tells apart.
    static let vocabulary = XMLVocabulary(
        localNames: [
            "Envelope", "Header", "Body", "LogicalAddress", "Update", "UpdateResponse", "Fault", "ResultCode",
            "comment",
            "faultstring", "Text", "Reason", "engagementTransaction", "deleteFlag", "engagement",
        ]
            + EngagementField.allCases.map(\.rawValue),
        namespaces: [
            UpdateNamespace.soap11, UpdateNamespace.soap12, UpdateNamespace.registry, UpdateNamespace.responder,
            UpdateNamespace.core,
        ])

    /// The vocabulary's indexes of the names the parser switches on.
    private enum Name {
        static let envelope = vocabulary.localName("Envelope")
        static let header = vocabulary.localName("Header")
        static let body = vocabulary.localName("Body")
        static let logicalAddress = vocabulary.localName("LogicalAddress")
        static let update = vocabulary.localName("Update")
        static let updateResponse = vocabulary.localName("UpdateResponse")
        static let fault = vocabulary.localName("Fault")
        static let resultCode = vocabulary.localName("ResultCode")
        static let comment = vocabulary.localName("comment")
        static let faultString = vocabulary.localName("faultstring")
        static let text = vocabulary.localName("Text")
        static let reason = vocabulary.localName("Reason")
        static let soap11 = vocabulary.namespace(UpdateNamespace.soap11)
        static let soap12 = vocabulary.namespace(UpdateNamespace.soap12)
        static let registry = vocabulary.namespace(UpdateNamespace.registry)
        static let responder = vocabulary.namespace(UpdateNamespace.responder)
        /// The engagement's fields in the order of their positions.
        static let fields = EngagementField.allCases.sorted { $0.position < $1.position }
    }

    /// The sequences of the `Update` interaction's types, over the parser's vocabulary.
    private enum Schemas {
        static let fields = ElementSequence.Schema(
            Name.fields.map { ($0.rawValue, $0.isRequired) }, namespace: UpdateNamespace.core, vocabulary: vocabulary)
        static let transaction = ElementSequence.Schema(
            [("deleteFlag", true), ("engagement", true)], namespace: UpdateNamespace.core, vocabulary: vocabulary)
        static let update = ElementSequence.Schema(
            [("engagementTransaction", true)], namespace: UpdateNamespace.responder, vocabulary: vocabulary)
    }

    private enum Context {
        case envelope, header, body, update, transaction, engagement
        case value(EngagementField)
        case deleteFlag, headerLogicalAddress
        case response, resultCode, comment, fault, faultValue
        /// Inside an element the schema leaves open (`xs:any`, another contract, the SOAP header's other blocks).
        case skipped
        /// Inside an element inside a value.
        case nested

        /// Whether its text is gathered.
        var gathersText: Bool {
            switch self {
            case .value, .deleteFlag, .headerLogicalAddress, .resultCode, .comment, .faultValue, .nested: true
            default: false
            }
        }
    }

    private var stack: [Context] = []
    private var kind: Kind = .undecided
    private enum Kind { case undecided, request, response, other }
    private var request = CapturedRequest()
    private var response = CapturedResponse()
    private var updateSequence = ElementSequence(Schemas.update, repeatsLast: true)
    private var transactionSequence = ElementSequence(Schemas.transaction)
    private var engagementSequence = ElementSequence(Schemas.fields)
    private var transaction = CapturedTransaction(line: 0)
    private var text: [UInt8] = []
    private var textLine = 0

    /// The document once every step has been taken.
    package var document: CapturedDocument {
        switch kind {
        case .request: .request(request)
        case .response: .response(response)
        case .undecided, .other: .other
        }
    }

    mutating func take(_ step: XMLStep) {
        switch step {
        case .start(let tag): start(tag)
        case .end: end()
        case .text(let chunk): addText(chunk)
        }
    }

    private mutating func start(_ tag: XMLStartTag) {
        let line = tag.line
        guard let context = stack.last else {
            stack.append(root(tag))
            return
        }
        let child: Context
        switch context {
        case .envelope:
            child = tag.localName == Name.header ? .header : tag.localName == Name.body ? .body : .skipped
        case .header:
            child =
                tag.localName == Name.logicalAddress && tag.namespace == Name.registry
                ? .headerLogicalAddress : .skipped
        case .body:
            child = kind == .undecided ? root(tag) : .skipped
        case .update:
            child = updateChild(tag)
        case .transaction:
            child = transactionChild(tag)
        case .engagement:
            child = engagementChild(tag)
        case .value(let field):
            transaction.problems.append(
                StructuralProblem(
                    rule: .elementOrder, line: line, field: field.rawValue,
                    message: "\(field.rawValue) holds an element (\(tag.name.localName)); expected text only"))
            child = .nested
        case .deleteFlag:
            transaction.problems.append(
                StructuralProblem(
                    rule: .elementOrder, line: line, field: "deleteFlag",
                    message: "deleteFlag holds an element; expected text only"))
            child = .nested
        case .response:
            child = tag.localName == Name.resultCode ? .resultCode : tag.localName == Name.comment ? .comment : .skipped
        case .fault:
            child =
                tag.localName == Name.faultString || tag.localName == Name.text
                ? .faultValue
                : tag.localName == Name.reason ? .fault : .skipped
        case .nested:
            child = .nested
        case .headerLogicalAddress, .resultCode, .comment, .faultValue, .skipped:
            child = .skipped
        }
        switch child {
        case .value, .deleteFlag, .headerLogicalAddress, .resultCode, .comment, .faultValue: beginText(line)
        default: break
        }
        stack.append(child)
    }

    /// The context for the document's root, or for the first element of a SOAP body.
    private mutating func root(_ tag: XMLStartTag) -> Context {
        let isSOAP = tag.namespace == Name.soap11 || tag.namespace == Name.soap12
        switch tag.localName {
        case Name.envelope where isSOAP:
            request.hasEnvelope = true
            request.isSOAP12 = tag.namespace == Name.soap12
            return .envelope
        case Name.update where tag.namespace == Name.responder:
            kind = .request
            return .update
        case Name.updateResponse where tag.namespace == Name.responder:
            kind = .response
            return .response
        case Name.fault where isSOAP:
            kind = .response
            response.isFault = true
            return .fault
        default:
            kind = .other
            return .skipped
        }
    }

    private mutating func updateChild(_ tag: XMLStartTag) -> Context {
        switch updateSequence.accept(tag) {
        case .named(_, let problem):
            if let problem {
                request.problems.append(
                    StructuralProblem(rule: .elementOrder, line: tag.line, field: "Update", message: problem))
            }
            transaction = CapturedTransaction(line: tag.line)
            transactionSequence = ElementSequence(Schemas.transaction)
            return .transaction
        case .other(let problem):
            if let problem {
                request.problems.append(
                    StructuralProblem(rule: .elementOrder, line: tag.line, field: "Update", message: problem))
            }
            return .skipped
        }
    }

    private mutating func transactionChild(_ tag: XMLStartTag) -> Context {
        switch transactionSequence.accept(tag) {
        case .named(let position, let problem):
            let field = Schemas.transaction.names[position].name
            if let problem {
                transaction.problems.append(
                    StructuralProblem(rule: .elementOrder, line: tag.line, field: field, message: problem))
            }
            if position == 0 { return transaction.deleteFlag == nil ? .deleteFlag : .skipped }
            engagementSequence = ElementSequence(Schemas.fields)
            return .engagement
        case .other(let problem):
            if let problem {
                transaction.problems.append(
                    StructuralProblem(
                        rule: .elementOrder, line: tag.line, field: "engagementTransaction", message: problem))
            }
            return .skipped
        }
    }

    private mutating func engagementChild(_ tag: XMLStartTag) -> Context {
        switch engagementSequence.accept(tag) {
        case .named(let position, let problem):
            let field = Name.fields[position]
            if let problem {
                transaction.problems.append(
                    StructuralProblem(rule: .elementOrder, line: tag.line, field: field.rawValue, message: problem))
            }
            return transaction.fields[field] == nil ? .value(field) : .skipped
        case .other(let problem):
            if let problem {
                transaction.problems.append(
                    StructuralProblem(rule: .elementOrder, line: tag.line, field: "engagement", message: problem))
            }
            return .skipped
        }
    }

    private mutating func end() {
        guard let context = stack.popLast() else { return }
        switch context {
        case .value(let field): transaction.fields[field] = CapturedValue(text: gathered, line: textLine)
        case .deleteFlag: transaction.deleteFlag = CapturedValue(text: gathered, line: textLine)
        case .headerLogicalAddress: request.headerLogicalAddress = CapturedValue(text: gathered, line: textLine)
        case .resultCode: response.resultCode = gathered
        case .comment, .faultValue: response.comment = gathered
        case .engagement:
            for field in engagementSequence.finish() {
                transaction.problems.append(
                    StructuralProblem(
                        rule: .requiredElement, line: transaction.line, field: field,
                        message: "engagement has no \(field)"))
            }
        case .transaction:
            for field in transactionSequence.finish() {
                transaction.problems.append(
                    StructuralProblem(
                        rule: .requiredElement, line: transaction.line, field: field,
                        message: "engagementTransaction has no \(field)"))
            }
            request.transactions.append(transaction)
        case .update:
            // At least one transaction is the schema's rule; the count rule reports it (with Engagemangsindex's 1000).
            _ = updateSequence.finish()
        default:
            break
        }
    }

    /// The text gathered since the value began, as a string.
    private var gathered: String { String(decoding: text, as: UTF8.self) }

    private mutating func beginText(_ line: Int) {
        text.removeAll(keepingCapacity: true)
        textLine = line
    }

    private mutating func addText(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard let context = stack.last else { return }
        if context.gathersText {
            text.append(contentsOf: chunk)
            return
        }
        switch context {
        case .engagement, .transaction:
            if !Self.isWhiteSpace(chunk) {
                transaction.problems.append(
                    StructuralProblem(
                        rule: .elementOrder, line: transaction.line, field: "engagement",
                        message: "text between elements"))
            }
        case .update:
            if !Self.isWhiteSpace(chunk) {
                request.problems.append(
                    StructuralProblem(rule: .elementOrder, line: 0, field: "Update", message: "text between elements"))
            }
        default: break
        }
    }

    /// Whether `text` is only XML white space (space, tab, CR, LF), as between elements.
    private static func isWhiteSpace(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    }
}
