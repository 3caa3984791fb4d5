/// What the matcher knows of one order: a plain value the ledger fills in.
public struct ReplyCandidate: Sendable, Equatable {
    /// The order's id in the ledger.
    public var orderID: Int64
    /// Every Message-ID the order has had, without angle brackets: the one ordermail wrote and the
    /// one the server assigned (Microsoft's servers replace it).
    public var messageIDs: [String]
    /// The case numbers recorded on the order (`mark --case`, an earlier receipt).
    public var caseNumbers: [String]
    /// The region's reference (`--reference`), when the order has one.
    public var reference: String?
    /// The booking system's HSA-id, compared without regard to case.
    public var hsaID: String
    /// QA or production.
    public var environment: Environment
    /// Whether the order still waits for support's answer (sent, no reply recorded).
    public var awaitsAnswer: Bool

    /// An order as the matcher sees it.
    public init(
        orderID: Int64, messageIDs: [String], caseNumbers: [String] = [], reference: String? = nil,
        hsaID: String, environment: Environment, awaitsAnswer: Bool
    ) {
        self.orderID = orderID
        self.messageIDs = messageIDs
        self.caseNumbers = caseNumbers
        self.reference = reference
        self.hsaID = hsaID
        self.environment = environment
        self.awaitsAnswer = awaitsAnswer
    }
}

/// The step of the matching that tied a message to an order, in the order they are tried.
public enum MatchStep: String, Sendable, Equatable {
    /// `In-Reply-To`, then `References` (for a report: the reported message's Message-ID).
    case messageID = "Message-ID"
    /// A case number recorded on the order, found in the subject or body.
    case caseNumber = "case number"
    /// The order's reference, found in the subject or body.
    case reference
    /// The HSA-id in the subject or body and the environment the subject (or a `Miljö:` line) names,
    /// among orders still awaiting an answer.
    case hsaIDAndEnvironment = "HSA-id and environment"
}

/// Which order a message belongs to, or why none.
public enum MatchOutcome: Sendable, Equatable {
    /// Exactly one order at `step`.
    case matched(orderID: Int64, step: MatchStep)
    /// Two or more orders at `step`: none is chosen.
    case ambiguous(step: MatchStep, orderIDs: [Int64])
    /// No step found an order.
    case unmatched
}

/// The outcome of matching one message, with the case numbers `case-pattern` found in it.
public struct MatchResult: Sendable, Equatable, CustomStringConvertible {
    /// The order, the orders at a step that found several, or none.
    public var outcome: MatchOutcome
    /// What the configured case pattern found in the subject, then the body, each once.
    public var caseNumbers: [String]

    /// `order 12 (by Message-ID)`, `no order: orders 3, 7 all match by reference`, …
    public var description: String {
        switch outcome {
        case .matched(let id, let step): "order \(id) (by \(step.rawValue))"
        case .ambiguous(let step, let ids): "no order: orders \(ids.map(String.init).joined(separator: ", ")) all match by \(step.rawValue)"
        case .unmatched: "no order: no Message-ID, case number, reference, or HSA-id with environment of an order found"
        }
    }
}
