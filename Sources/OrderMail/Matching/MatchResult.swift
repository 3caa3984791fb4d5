import OrderMailCore

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
    /// Among several orders an earlier step found: the environment the subject names.
    case environment
    /// Among several orders an earlier step found: the HSA-id in the subject or body.
    case hsaID = "HSA-id"
}

/// Which order a message belongs to, or why none.
public enum MatchOutcome: Sendable, Equatable {
    /// Exactly one order at `step`.
    case matched(orderID: Int64, step: MatchStep)
    /// Two or more orders from `step` on that no later step could choose among: none is chosen.
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
        case .ambiguous(let step, let ids):
            "no order: orders \(ids.map(String.init).joined(separator: ", ")) all match by \(step.rawValue)"
        case .unmatched: "no order: no Message-ID, case number, reference, or HSA-id with environment of an order found"
        }
    }
}
