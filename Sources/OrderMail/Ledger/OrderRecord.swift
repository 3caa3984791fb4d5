import OrderMailCore

/// An order as the ledger stores it: every field in its own column of `orders`, described once in
/// ``columns``.
public struct OrderRecord: Equatable, Sendable {
    public var id: Int64 = 0
    /// When it was recorded, UTC, `yyyy-MM-ddTHH:mm:ssZ`.
    public var createdAt = ""
    public var kind: OrderKind = .whitelisting
    /// `qa` or `production`, for whitelisting orders.
    public var environment: String?
    /// TAK's platform name, for bulk-TAK orders.
    public var platform: String?
    /// The booking system's HSA-id (whitelisting) or the producer's (bulk-TAK), as given.
    public var hsaID = ""
    /// Upper case, for comparison.
    public var hsaIDNormalized = ""
    public var nonstandardHSAID = false
    public var systemName = ""
    public var region = ""
    public var regionHSAID: String?
    public var contactName = ""
    public var contactEmail = ""
    public var contactPhone: String?
    /// The region's own reference (case number in its ticket system).
    public var reference: String?
    public var vendor: String?
    public var requestedDate: String?
    public var complianceConfirmed = false
    public var language = Language.sv.rawValue
    /// `To:` addresses, comma-separated.
    public var recipients = ""
    /// `Cc:` addresses, comma-separated.
    public var copies = ""
    /// The technical sender (`Sender:` and MAIL FROM), when one was configured.
    public var sender: String?
    public var messageID = ""
    public var messageSHA256 = ""
    /// The exact message bytes.
    public var message: [UInt8] = []
    public var toolVersion = ""
    /// Who recorded it: the operator.
    public var recordedBy = ""
    /// For a bulk-TAK order: how many units and contracts its document holds.
    public var unitCount: Int64?
    public var contractCount: Int64?
    /// For a bulk-TAK order: the file name of the workbook (or of the JSON order when no workbook was written).
    public var documentName: String?
    /// SHA-256 of that file.
    public var documentSHA256: String?
    /// For a bulk-TAK order: the producer's name (older ledgers kept it in `systemName`).
    public var producerName: String?
    /// For a bulk-TAK order: TAK's `utforare` (older ledgers kept it in `region`).
    public var executor: String?
    /// For a bulk-TAK order: the SHA-256 of its TAK JSON order, when one was written.
    public var jsonSHA256: String?
    /// For a production order composed despite a failing compliance check: that check's id
    /// (`--despite-failed-check`).
    public var overriddenCheck: Int64?
    /// For a bulk-TAK order: its contracts' namespaces, one per line (schema version 9).
    public var contracts: String?

    /// An empty record, to fill.
    public init() {}

    /// Every column of `orders`, in the order of the table.
    static let columns: [LedgerColumn<OrderRecord>] = [
        .integer("id", \.id), .text("created_at", \.createdAt), .choice("kind", \.kind),
        .optionalText("environment", \.environment), .optionalText("platform", \.platform), .text("hsa_id", \.hsaID),
        .text("hsa_id_normalized", \.hsaIDNormalized), .flag("nonstandard_hsa_id", \.nonstandardHSAID),
        .text("system_name", \.systemName), .text("region", \.region), .optionalText("region_hsa_id", \.regionHSAID),
        .text("contact_name", \.contactName), .text("contact_email", \.contactEmail),
        .optionalText("contact_phone", \.contactPhone), .optionalText("reference", \.reference),
        .optionalText("vendor", \.vendor), .optionalText("requested_date", \.requestedDate),
        .flag("compliance_confirmed", \.complianceConfirmed), .text("language", \.language),
        .text("recipients", \.recipients), .text("copies", \.copies), .optionalText("sender", \.sender),
        .text("message_id", \.messageID), .text("message_sha256", \.messageSHA256), .blob("message", \.message),
        .text("tool_version", \.toolVersion), .text("recorded_by", \.recordedBy),
        .optionalInteger("unit_count", \.unitCount), .optionalInteger("contract_count", \.contractCount),
        .optionalText("document_name", \.documentName), .optionalText("document_sha256", \.documentSHA256),
        .optionalText("producer_name", \.producerName), .optionalText("executor", \.executor),
        .optionalText("json_sha256", \.jsonSHA256), .optionalInteger("overridden_check", \.overriddenCheck),
        .optionalText("contracts", \.contracts),
    ]

    /// The bulk-TAK producer's name, wherever the ledger's version kept it.
    public var producer: String { producerName ?? systemName }
    /// The bulk-TAK executor, wherever the ledger's version kept it.
    public var executorName: String { executor ?? region }
}

/// A unit (logical address) of a bulk-TAK order, kept in `order_units`.
public struct UnitRecord: Equatable, Sendable {
    public var hsaID: String
    public var name: String

    public init(hsaID: String, name: String) {
        self.hsaID = hsaID
        self.name = name
    }
}

/// One row of `ordermail list`: an order with its current status.
public struct OrderSummary: Equatable, Sendable {
    public var id: Int64
    public var createdAt: String
    public var kind: OrderKind
    public var environment: String?
    public var platform: String?
    public var hsaID: String
    /// The booking system, or a bulk-TAK order's producer.
    public var systemName: String
    public var messageID: String
    public var reference: String?
    public var requestedDate: String?
    /// Support's case number, from the newest event that carries one.
    public var supportCase: String?
    /// The status, with an attempt whose process is gone shown as `unknown`.
    public var status: EventType
    /// When the latest event happened.
    public var statusAt: String
    /// What the register's CSV adds, when it was asked for.
    public var register: RegisterFields?

    /// The fields of an order the register adds to a summary.
    public struct RegisterFields: Equatable, Sendable {
        public var vendor: String?
        public var contactName: String?
        public var contactEmail: String?
        /// When it was sent (or, for an order placed outside ordermail, when it was said to be), UTC timestamp.
        public var sentAt: String?
        /// When support's latest answer came (needs-info, replied, confirmed, rejected), UTC timestamp.
        public var answeredAt: String?
        /// When support says the whitelisting takes effect.
        public var effectiveDate: String?
        /// The Message-ID the server assigned, when it replaced ours.
        public var serverMessageID: String?
    }

    public init(
        id: Int64, createdAt: String, kind: OrderKind, environment: String?, platform: String?, hsaID: String,
        systemName: String,
        messageID: String, reference: String?, requestedDate: String?, supportCase: String?, status: EventType,
        statusAt: String,
        register: RegisterFields? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.kind = kind
        self.environment = environment
        self.platform = platform
        self.hsaID = hsaID
        self.systemName = systemName
        self.messageID = messageID
        self.reference = reference
        self.requestedDate = requestedDate
        self.supportCase = supportCase
        self.status = status
        self.statusAt = statusAt
        self.register = register
    }
}
