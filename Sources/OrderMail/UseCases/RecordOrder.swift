import Foundation

/// An order placed outside ordermail (before the team used it, or from Outlook), as a register
/// row or flags give it: what was ordered, when it was sent, and support's answer so far.
public struct PlacedOrder: Sendable {
    public var request: WhitelistingOrderRequest
    public var sentAt: CalendarDate
    public var messageID: String?
    public var supportCase: String?
    /// `recorded` (sent, no answer yet), `needs-info`, `confirmed` or `rejected`.
    public var status: EventType
    /// The register's line, for errors.
    public var line: Int?
    /// `path:line` in the register, for errors about a value the row left out.
    public var location: String?

    public init(
        request: WhitelistingOrderRequest, sentAt: CalendarDate, messageID: String?, supportCase: String?, status: EventType,
        line: Int? = nil, location: String? = nil
    ) {
        self.location = location
        self.request = request
        self.sentAt = sentAt
        // Written with or without angle brackets; kept without, as ordermail keeps its own.
        self.messageID = messageID.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
        self.supportCase = supportCase
        // An order sent outside ordermail is recorded.
        self.status = status == .sent ? .recorded : status
        self.line = line
    }

    /// The statuses a placed order may have.
    public static let statuses: [EventType] = [.recorded, .needsInfo, .confirmed, .rejected]
}

/// Records orders placed outside ordermail, so that the QA-precedent and repeat guards know the
/// team's history from day one: every order is checked first, then all are recorded in one
/// transaction, or none.
public struct RecordOrders {
    public var ledger: Ledger
    public var addressing: Addressing

    public init(ledger: Ledger, addressing: Addressing) {
        self.ledger = ledger
        self.addressing = addressing
    }

    /// Checks every order: its fields, its dates, its Message-ID and case number, and that it is
    /// not in `existing` already (nor twice in `orders`) unless `force`. Returns the validated
    /// ones, or every problem with its line.
    public static func validate(_ orders: [PlacedOrder], existing: Ledger?, force: Bool, today: CalendarDate) -> (valid: [(PlacedOrder, WhitelistingOrder)], problems: [OrderMailError]) {
        var valid: [(PlacedOrder, WhitelistingOrder)] = []
        var problems: [OrderMailError] = []
        var seen: [String: Int] = [:]
        for placed in orders {
            let source = placed.request.environment?.source ?? .commandLine
            func refuse(_ field: String, _ rule: String) -> OrderMailError { .invalidField(FieldError(field: field, rule: rule), source: source) }
            do throws(OrderMailError) {
                guard PlacedOrder.statuses.contains(placed.status) else { throw refuse("status", "must be sent, needs-info, confirmed or rejected") }
                guard placed.sentAt <= today else { throw refuse("sent-at", "\(placed.sentAt) is in the future (today is \(today))") }
                if let messageID = placed.messageID, messageID.wholeMatch(of: #/[!-;=?-~]+@[!-;=?-~]+/#) == nil {
                    throw refuse("message-id", "\(Quoted(messageID)) must be a Message-ID, local@domain, in angle brackets or not")
                }
                if let supportCase = placed.supportCase {
                    do { _ = try OrderText(supportCase, field: "case", maximumLength: 100) } catch { throw .invalidField(error, source: source) }
                }
                let order = try placed.request.validated(today: placed.sentAt)
                let key = "\(order.environment.rawValue) \(order.sourceSystem.normalized)"
                if !force {
                    if let line = seen[key] {
                        throw refuse("hsa-id", "\(order.sourceSystem.verbatim) in \(order.environment.rawValue) is on line \(line) already")
                    }
                    if let earlier = try existing?.latestWhitelisting(hsaID: order.sourceSystem, environment: order.environment, statuses: OrderLifecycle.standing) {
                        throw refuse("hsa-id", "order \(earlier.id) for \(earlier.hsaID) in \(order.environment.rawValue) is already \(earlier.status.rawValue); pass --force to record another")
                    }
                }
                seen[key] = placed.line ?? 0
                valid.append((placed, order))
            } catch {
                // A value the register row left out (and the configuration did not give) is named by its row.
                if case .invalidField(let field, .commandLine) = error, let location = placed.location {
                    problems.append(.invalidField(field, source: .file(location)))
                } else {
                    problems.append(error)
                }
            }
        }
        return (valid, problems)
    }

    /// Records `orders` (validated by ``validate(_:)``), all or none; returns their ids.
    public func record(_ orders: [(PlacedOrder, WhitelistingOrder)]) throws(OrderMailError) -> [Int64] {
        try ledger.inOneTransaction { () throws(OrderMailError) in
            var ids: [Int64] = []
            for (placed, order) in orders {
                let sentAt = DateFormats.calendar(in: DateFormats.utc).date(from: DateComponents(
                    year: placed.sentAt.year, month: placed.sentAt.month, day: placed.sentAt.day, hour: 12)) ?? Date()
                let entered = "entered \(DateFormats.timestamp(Date()))"
                var events = [EventDraft(type: .recorded, detail: "sent \(placed.sentAt), outside ordermail", note: entered)]
                if placed.status == .recorded {
                    events[0].supportCase = placed.supportCase
                } else {
                    events.append(EventDraft(type: placed.status, supportCase: placed.supportCase, note: entered))
                }
                let new = NewOrder.placedByHand(order, messageID: placed.messageID, addressing: addressing)
                ids.append(try ledger.record(new, events: events, at: sentAt))
            }
            return ids
        }
    }
}

/// A register of past orders exported from Excel: a header row naming the columns, `;` or `,`,
/// UTF-8 (with or without BOM) or Windows-1252.
public enum OrderRegister {
    /// The columns, as the header row names them; the first three and `sent_at` are required.
    public static let columns = [
        "environment", "hsa_id", "system_name", "region", "contact_name", "contact_email", "sent_at", "status",
        "message_id", "case", "reference", "vendor", "compliance_confirmed",
    ]
    /// The most problems reported for one file; the rest are counted.
    public static let problemLimit = 100
    /// The largest register read (about 300,000 orders); a larger file is refused before it is read.
    public static let maximumBytes = 64 * 1024 * 1024

    /// The orders in the register at `path`, and every problem with its line; a file that cannot
    /// be read as a register at all throws.
    public static func read(_ path: String) throws(OrderMailError) -> (orders: [PlacedOrder], problems: [String]) {
        var bytes: [UInt8]
        do { bytes = try BoundedFile.read(path, limit: maximumBytes) } catch {
            switch error {
            case .tooLarge(let size):
                throw .invalidData("\(path): the register is \(size / 1_048_576) MiB; registers over \(maximumBytes / 1_048_576) MiB are not read")
            case .notRegular: throw .missingInput(path: path, reason: "cannot read the register: not a regular file")
            case .unreadable(let reason): throw .missingInput(path: path, reason: "cannot read the register: \(reason)")
            }
        }
        let text: [UInt8]
        do { text = try TextDecoding.decode(bytes).utf8 } catch {
            throw .invalidData(UnitList.decodingReport(error, path: path))
        }
        bytes = []
        // Each row becomes an order (or a problem) as it is read; no row is kept.
        var names: [String]?
        var orders: [PlacedOrder] = []
        var problems: [String] = []
        var refusal: OrderMailError?
        do {
            try CSVReader.read(text, delimiter: CSVReader.detectDelimiter(text)) { record in
                guard refusal == nil else { return }
                guard let names else {
                    let header = record.fields.map { $0.trimmingWhitespace.lowercased() }
                    if let unknown = header.first(where: { !columns.contains($0) }) {
                        refusal = .invalidData("\(path):\(record.line): unknown column \(Quoted(unknown)); known: \(columns.joined(separator: ", "))")
                    }
                    for required in ["environment", "hsa_id", "system_name", "sent_at"] where !header.contains(required) && refusal == nil {
                        refusal = .invalidData("\(path):\(record.line): the column \(required) is required")
                    }
                    names = header
                    return
                }
                switch order(record, names: names, path: path) {
                case .success(let order): orders.append(order)
                case .failure(let problem): problems.append(problem.reason)
                }
            }
        } catch {
            throw .invalidData("\(path):\(error.line): \(error.message)")
        }
        if let refusal { throw refusal }
        guard names != nil else { throw .invalidData("\(path): the register is empty") }
        return (orders, problems)
    }

    /// A problem with one row, with its place.
    struct RowProblem: Error {
        var reason: String
    }

    /// The order one row of the register describes.
    private static func order(_ record: CSVRecord, names: [String], path: String) -> Result<PlacedOrder, RowProblem> {
        var row: [String: String] = [:]
        for (name, value) in zip(names, record.fields) where !value.trimmingWhitespace.isEmpty { row[name] = value.trimmingWhitespace }
        var request = WhitelistingOrderRequest()
        let source = InputSource.file("\(path):\(record.line)")
        func value(_ column: String) -> SourcedValue? { row[column].map { SourcedValue($0, from: source) } }
        request.environment = value("environment")
        request.sourceSystem = value("hsa_id")
        request.systemName = value("system_name")
        request.region = value("region")
        request.contactName = value("contact_name")
        request.contactEmail = value("contact_email")
        request.reference = value("reference")
        request.vendor = value("vendor")
        request.complianceConfirmed = ["yes", "ja", "1", "true"].contains(row["compliance_confirmed"]?.lowercased() ?? "")
        do {
            let sentAt = try CalendarDate(parsing: row["sent_at"] ?? "", field: "sent_at")
            let status = try row["status"].map { text throws(FieldError) in
                guard let status = EventType(rawValue: text.lowercased()), PlacedOrder.statuses.contains(status) || status == .sent else {
                    throw FieldError(field: "status", rule: "\(Quoted(text)) must be sent, needs-info, confirmed or rejected")
                }
                return status
            } ?? .recorded
            return .success(PlacedOrder(
                request: request, sentAt: sentAt, messageID: row["message_id"],
                supportCase: row["case"], status: status, line: record.line, location: "\(path):\(record.line)"))
        } catch {
            return .failure(RowProblem(reason: "\(path):\(record.line): \(error.message(fieldLabel: error.field))"))
        }
    }
}

/// Records care units activated outside ordermail (in production by the region's own 1177
/// administration): the units, the day and who activated them, as an activation order that is
/// recorded and confirmed on that day. Units the ledger already has activated (or with support) in
/// the environment are left out, each with a note.
public struct RecordActivation {
    public var ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// What was recorded: the order's id, the units it holds and the notes on those left out.
    public struct Outcome: Sendable {
        public var orderID: Int64
        public var unitCount: Int
        public var notes: [String]
    }

    /// The checked fields of such a record: the environment (qa or production), the day, who
    /// activated the units, the region and its reference, from `request` and the flags' text.
    public static func validate(
        _ request: ActivationOrderRequest, activatedAt: String, activatedBy: String, today: CalendarDate
    ) throws(OrderMailError) -> (environment: Environment, date: CalendarDate, by: OrderText, region: OrderText, reference: OrderText?) {
        let environment = try request.environment.required("environment") { text throws(FieldError) in try Environment(parsing: text) }
        let region = try request.region.required("region", hint: " (on the command line or in the configuration)") { text throws(FieldError) in
            try OrderText(text, field: "region")
        }
        let reference = try request.reference.validated { text throws(FieldError) in try OrderText(text, field: "reference") }
        do throws(FieldError) {
            let date = try CalendarDate(parsing: activatedAt, field: "activated-at")
            guard date <= today else { throw FieldError(field: "activated-at", rule: "\(date) is in the future (today is \(today))") }
            return (environment, date, try OrderText(activatedBy, field: "activated-by"), region, reference)
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }

    /// Records `list` as activated in `environment` on `date` by `by` (a person or the
    /// administration); `region` and `reference` as an order keeps them.
    public func record(
        _ list: ActivationUnitList, environment: Environment, date: CalendarDate, by: OrderText, region: OrderText,
        reference: OrderText?
    ) throws(OrderMailError) -> Outcome {
        try ledger.inOneTransaction { () throws(OrderMailError) in
            let activations = try ledger.unitActivations(environment: environment)
            var units: [ActivationUnit] = []
            var notes: [String] = []
            for unit in list.units {
                if let earlier = Ledger.standingActivation(of: unit.hsaID.normalized, in: activations, environment: environment) {
                    notes.append("left out \(unit.hsaID.verbatim) (line \(unit.line)): already in \(environment.rawValue) by \(earlier.description)")
                } else {
                    units.append(unit)
                }
            }
            guard !units.isEmpty else {
                throw .ledger("record: every unit of the list is activated in \(environment.rawValue) already; there is nothing to record", .data)
            }
            let at = DateFormats.calendar(in: DateFormats.utc).date(from: DateComponents(
                year: date.year, month: date.month, day: date.day, hour: 12)) ?? Date()
            let entered = "entered \(DateFormats.timestamp(Date()))"
            let events = [
                EventDraft(type: .recorded, detail: "activated \(date) by \(by.value), outside ordermail", note: entered),
                EventDraft(type: .confirmed, note: entered, effectiveDate: date.description),
            ]
            let new = NewOrder.activationRecorded(
                environment: environment, units: units, region: region.value, by: by.value, reference: reference?.value)
            return Outcome(orderID: try ledger.record(new, events: events, at: at), unitCount: units.count, notes: notes)
        }
    }
}
