/// An order as the ledger stores it: every field in its own column.
public struct OrderRecord: Equatable, Sendable {
    public var id: Int64
    /// When it was recorded, UTC, `yyyy-MM-ddTHH:mm:ssZ`.
    public var createdAt: String
    public var kind: OrderKind
    /// `qa` or `production` for whitelisting orders.
    public var environment: String?
    /// TAK's platform name for bulk-TAK orders.
    public var platform: String?
    /// As given.
    public var hsaID: String
    /// Upper case, for comparison.
    public var hsaIDNormalized: String
    public var nonstandardHSAID: Bool
    public var systemName: String
    public var region: String
    public var regionHSAID: String?
    public var contactName: String
    public var contactEmail: String
    public var contactPhone: String?
    public var reference: String?
    public var vendor: String?
    public var requestedDate: String?
    public var complianceConfirmed: Bool
    public var language: String
    /// `To:` addresses, comma-separated.
    public var recipients: String
    /// `Cc:` addresses, comma-separated.
    public var copies: String
    /// The technical sender (`Sender:` and MAIL FROM), when one was configured.
    public var sender: String?
    public var messageID: String
    public var messageSHA256: String
    /// The exact message bytes.
    public var message: [UInt8]
    public var toolVersion: String
    /// Who recorded it: the operating-system user.
    public var recordedBy: String
    /// For a bulk-TAK order: the document written.
    public var document: DocumentFacts?
}

/// What the ledger keeps of a bulk-TAK document.
public struct DocumentFacts: Equatable, Sendable {
    public var unitCount: Int
    public var contractCount: Int
    /// The file name of the workbook (or of the JSON order when no workbook was written).
    public var name: String
    /// SHA-256 of that file.
    public var sha256: String
}

/// One event in an order's history.
public struct EventRecord: Equatable, Sendable {
    /// Position in the ledger's hash chain.
    public var sequence: Int64
    public var orderID: Int64
    /// UTC, `yyyy-MM-ddTHH:mm:ssZ`.
    public var at: String
    public var type: EventType
    /// The server's reply or other detail.
    public var detail: String?
    /// Support's case number, for `confirmed` and `rejected`.
    public var supportCase: String?
    public var note: String?
    public var recordedBy: String
    /// The hash of the previous event (64 zeros for the first).
    public var previousHash: String
    public var hash: String
}

/// One row of `ordermail list`: an order with its current status.
public struct OrderSummary: Equatable, Sendable {
    public var id: Int64
    public var createdAt: String
    public var kind: OrderKind
    public var environment: String?
    public var platform: String?
    public var hsaID: String
    public var systemName: String
    public var messageID: String
    public var status: EventType
    /// When the latest event happened.
    public var statusAt: String
}
