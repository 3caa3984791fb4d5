import OrderMailCore

/// Builds a ``CapturedDocument`` from the events of one XML document, as ``XMLStreamReader`` gives them.
///
/// It knows the `Update` interaction's schema: the SOAP envelope and its RIVTA header, `Update`,
/// `engagementTransaction` and `engagement` with their sequences, and reports structural problems
/// as it goes. A value's text is the concatenation of all its text and CDATA.
package struct CapturedDocumentParser {
    private enum Context {
        case envelope, header, body, update, transaction, engagement
        case value(EngagementField), deleteFlag, headerLogicalAddress
        case response, responseValue(String), fault, faultValue
        /// Inside an element the schema leaves open (`xs:any`, another contract, the SOAP header's other blocks).
        case skipped
        /// Inside an element inside a value.
        case nested
    }

    private var stack: [Context] = []
    private var kind: Kind = .undecided
    private enum Kind { case undecided, request, response, other }
    private var request = CapturedRequest()
    private var response = CapturedResponse()
    private var updateSequence = ElementSequence(EngagementSchema.update, namespace: UpdateNamespace.responder, repeatsLast: true)
    private var transactionSequence = ElementSequence(EngagementSchema.transaction, namespace: UpdateNamespace.core)
    private var engagementSequence = ElementSequence(EngagementSchema.fields, namespace: UpdateNamespace.core)
    private var transaction = CapturedTransaction(line: 0)
    private var text = ""
    private var textLine = 0

    /// The document once every event has been taken.
    package var document: CapturedDocument {
        switch kind {
        case .request: .request(request)
        case .response: .response(response)
        case .undecided, .other: .other
        }
    }

    package mutating func take(_ event: XMLEvent) {
        switch event {
        case .start(let name, let line): start(name, line: line)
        case .end: end()
        case .text(let chunk): addText(chunk)
        }
    }

    private mutating func start(_ name: XMLName, line: Int) {
        guard let context = stack.last else {
            stack.append(root(name, line: line))
            return
        }
        let child: Context
        switch context {
        case .envelope:
            child = name.localName == "Header" ? .header : name.localName == "Body" ? .body : .skipped
        case .header:
            child = name.localName == "LogicalAddress" && name.namespace == UpdateNamespace.registry ? .headerLogicalAddress : .skipped
        case .body:
            child = kind == .undecided ? root(name, line: line) : .skipped
        case .update:
            child = updateChild(name, line: line)
        case .transaction:
            child = transactionChild(name, line: line)
        case .engagement:
            child = engagementChild(name, line: line)
        case .value(let field):
            transaction.problems.append(StructuralProblem(
                rule: .elementOrder, line: line, field: field.rawValue,
                message: "\(field.rawValue) holds an element (\(name.localName)); expected text only"))
            child = .nested
        case .deleteFlag:
            transaction.problems.append(StructuralProblem(
                rule: .elementOrder, line: line, field: "deleteFlag", message: "deleteFlag holds an element; expected text only"))
            child = .nested
        case .response:
            child = ["ResultCode", "comment"].contains(name.localName) ? .responseValue(name.localName) : .skipped
        case .fault:
            child = ["faultstring", "Text"].contains(name.localName) ? .faultValue : name.localName == "Reason" ? .fault : .skipped
        case .nested:
            child = .nested
        case .headerLogicalAddress, .responseValue, .faultValue, .skipped:
            child = .skipped
        }
        if case .value = child { beginText(line) }
        if case .deleteFlag = child { beginText(line) }
        if case .headerLogicalAddress = child { beginText(line) }
        if case .responseValue = child { beginText(line) }
        if case .faultValue = child { beginText(line) }
        stack.append(child)
    }

    /// The context for the document's root, or for the first element of a SOAP body.
    private mutating func root(_ name: XMLName, line: Int) -> Context {
        switch (name.localName, name.namespace) {
        case ("Envelope", UpdateNamespace.soap11), ("Envelope", UpdateNamespace.soap12):
            request.hasEnvelope = true
            request.isSOAP12 = name.namespace == UpdateNamespace.soap12
            return .envelope
        case ("Update", UpdateNamespace.responder):
            kind = .request
            return .update
        case ("UpdateResponse", UpdateNamespace.responder):
            kind = .response
            return .response
        case ("Fault", UpdateNamespace.soap11), ("Fault", UpdateNamespace.soap12):
            kind = .response
            response.isFault = true
            return .fault
        default:
            kind = .other
            return .skipped
        }
    }

    private mutating func updateChild(_ name: XMLName, line: Int) -> Context {
        switch updateSequence.accept(name) {
        case .named(_, let problem):
            if let problem { request.problems.append(StructuralProblem(rule: .elementOrder, line: line, field: "Update", message: problem)) }
            transaction = CapturedTransaction(line: line)
            transactionSequence = ElementSequence(EngagementSchema.transaction, namespace: UpdateNamespace.core)
            return .transaction
        case .other(let problem):
            if let problem { request.problems.append(StructuralProblem(rule: .elementOrder, line: line, field: "Update", message: problem)) }
            return .skipped
        }
    }

    private mutating func transactionChild(_ name: XMLName, line: Int) -> Context {
        let outcome = transactionSequence.accept(name)
        switch outcome {
        case .named(let field, let problem):
            if let problem { transaction.problems.append(StructuralProblem(rule: .elementOrder, line: line, field: field, message: problem)) }
            if field == "deleteFlag" { return transaction.deleteFlag == nil ? .deleteFlag : .skipped }
            engagementSequence = ElementSequence(EngagementSchema.fields, namespace: UpdateNamespace.core)
            return .engagement
        case .other(let problem):
            if let problem {
                transaction.problems.append(StructuralProblem(rule: .elementOrder, line: line, field: "engagementTransaction", message: problem))
            }
            return .skipped
        }
    }

    private mutating func engagementChild(_ name: XMLName, line: Int) -> Context {
        switch engagementSequence.accept(name) {
        case .named(let field, let problem):
            if let problem { transaction.problems.append(StructuralProblem(rule: .elementOrder, line: line, field: field, message: problem)) }
            guard let field = EngagementField(rawValue: field) else { return .skipped }
            return transaction.fields[field] == nil ? .value(field) : .skipped
        case .other(let problem):
            if let problem {
                transaction.problems.append(StructuralProblem(rule: .elementOrder, line: line, field: "engagement", message: problem))
            }
            return .skipped
        }
    }

    private mutating func end() {
        guard let context = stack.popLast() else { return }
        let value = CapturedValue(text: text, line: textLine)
        switch context {
        case .value(let field): transaction.fields[field] = value
        case .deleteFlag: transaction.deleteFlag = value
        case .headerLogicalAddress: request.headerLogicalAddress = value
        case .responseValue("ResultCode"): response.resultCode = text
        case .responseValue: response.comment = text
        case .faultValue: response.comment = text
        case .engagement:
            for field in engagementSequence.finish() {
                transaction.problems.append(StructuralProblem(
                    rule: .requiredElement, line: transaction.line, field: field, message: "engagement has no \(field)"))
            }
        case .transaction:
            for field in transactionSequence.finish() {
                transaction.problems.append(StructuralProblem(
                    rule: .requiredElement, line: transaction.line, field: field, message: "engagementTransaction has no \(field)"))
            }
            request.transactions.append(transaction)
        case .update:
            // At least one transaction is the schema's rule; the count rule reports it (with Engagemangsindex's 1000).
            _ = updateSequence.finish()
        default:
            break
        }
    }

    private mutating func beginText(_ line: Int) {
        text = ""
        textLine = line
    }

    private mutating func addText(_ chunk: String) {
        switch stack.last {
        case .value, .deleteFlag, .headerLogicalAddress, .responseValue, .faultValue, .nested: text += chunk
        case .engagement, .transaction:
            if !Self.isWhiteSpace(chunk) {
                transaction.problems.append(StructuralProblem(
                    rule: .elementOrder, line: transaction.line, field: "engagement", message: "text between elements"))
            }
        case .update:
            if !Self.isWhiteSpace(chunk) {
                request.problems.append(StructuralProblem(rule: .elementOrder, line: 0, field: "Update", message: "text between elements"))
            }
        default: break
        }
    }

    /// Whether `text` is only XML white space (space, tab, CR, LF), as between elements.
    private static func isWhiteSpace(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    }
}
