import OrderMailCore

/// One event in an order's history, a row of `events`, described once in ``columns``.
public struct EventRecord: Equatable, Sendable {
    /// Position in the ledger's hash chain.
    public var sequence: Int64 = 0
    public var orderID: Int64 = 0
    /// UTC, `yyyy-MM-ddTHH:mm:ssZ`.
    public var at = ""
    public var type: EventType = .draft
    /// The server's reply or other detail.
    public var detail: String?
    /// Support's case number.
    public var supportCase: String?
    public var note: String?
    /// The operator who recorded it (the `operator` setting, `--by`, `SUDO_USER` or the login name).
    public var recordedBy = ""
    /// The hash of the previous event (64 zeros for the first).
    public var previousHash = ""
    public var hash = ""
    /// When support says the whitelisting takes effect (`confirmed --effective`).
    public var effectiveDate: String?
    /// The operating-system account that ran ordermail.
    public var osUser: String?
    /// For `sending`: the attempt's host, process and start time, so that a dead attempt is recognised.
    public var attempt: String?
    /// For `sent`: the Message-ID the server assigned in its reply to DATA, when it replaced ours.
    public var serverMessageID: String?
    /// For an imported message: its bytes, their SHA-256 and its Message-ID (schema version 5).
    public var mail: [UInt8]?
    public var mailSHA256: String?
    public var mailMessageID: String?
    /// For an answer about some of an activation order's units: their HSA-ids (upper case), one
    /// per line; nil means every unit of the order (schema version 9).
    public var units: String?
    /// Which canonical form the hash covers: 1 for events written before schema version 4 (the
    /// first ten columns), 2 for every column.
    public var hashVersion: Int64 = 2

    public init() {}

    /// Every column of `events`.
    static let columns: [LedgerColumn<EventRecord>] = [
        .integer("sequence", \.sequence), .integer("order_id", \.orderID), .text("at", \.at), .choice("type", \.type),
        .optionalText("detail", \.detail), .optionalText("support_case", \.supportCase), .optionalText("note", \.note),
        .text("recorded_by", \.recordedBy), .text("previous_hash", \.previousHash), .text("hash", \.hash),
        .optionalText("effective_date", \.effectiveDate), .optionalText("os_user", \.osUser),
        .optionalText("attempt", \.attempt), .optionalText("server_message_id", \.serverMessageID),
        .integer("hash_version", \.hashVersion), .optionalBlob("mail", \.mail),
        .optionalText("mail_sha256", \.mailSHA256),
        .optionalText("mail_message_id", \.mailMessageID), .optionalText("units", \.units),
    ]
}
