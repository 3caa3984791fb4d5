import OrderMailCore

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
