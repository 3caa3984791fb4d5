import Foundation
import OrderMailCore

/// What an order placed outside ordermail became, as `record --status` takes it.
public enum PlacedStatus: String, CaseIterable, Sendable {
    /// Sent, no answer yet: recorded.
    case sent
    case needsInfo = "needs-info"
    case replied
    case confirmed
    case rejected

    /// The event the status is recorded as.
    var event: EventType {
        switch self {
        case .sent: .recorded
        case .needsInfo: .needsInfo
        case .replied: .replied
        case .confirmed: .confirmed
        case .rejected: .rejected
        }
    }

    /// The accepted values, for an error message.
    public static let listing = allCases.map(\.rawValue).joined(separator: ", ")
}

/// An order placed outside ordermail (before the team used it, or from Outlook), as a register
/// row, a saved message or flags give it: what was ordered, when it was sent, and support's
/// answer so far. Nothing is filled from today's configuration but the region (the team's own).
public struct PlacedOrder: Sendable {
    public var request: WhitelistingOrderRequest
    /// When it was sent; nil when the row's value was missing or unreadable (a problem already).
    public var sentAt: Date?
    /// When support's answer came (`--answered-at`, `answered_at`).
    public var answeredAt: Date?
    /// When support says the whitelisting takes effect (with `confirmed`).
    public var effectiveDate: CalendarDate?
    public var messageID: String?
    public var supportCase: String?
    public var status: PlacedStatus
    /// The addresses the order went to, when known (a saved message); a register does not say.
    public var recipients: [String] = []
    public var copies: [String] = []
    /// `path:line` in the register, for errors about a value the row left out.
    public var location: String?
    /// The register's order number, which orders are recorded in the order of.
    public var registerOrder: Int64?
    /// Problems found while reading the row, reported with those of its fields.
    public var readingProblems: [OrderMailError] = []

    public init(
        request: WhitelistingOrderRequest, sentAt: Date?, answeredAt: Date? = nil, effectiveDate: CalendarDate? = nil,
        messageID: String?, supportCase: String?, status: PlacedStatus, location: String? = nil
    ) {
        self.request = request
        self.sentAt = sentAt
        self.answeredAt = answeredAt
        self.effectiveDate = effectiveDate
        // Written with or without angle brackets; kept without, as ordermail keeps its own.
        self.messageID = messageID.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }.flatMap {
            $0.isEmpty ? nil : $0
        }
        self.supportCase = supportCase
        self.status = status
        self.location = location
    }
}

extension PlacedOrder {
    /// A time the user gave for `field` (`--sent-at`, `--answered-at`): a local time
    /// `YYYY-MM-DD HH:MM`, or a date, in `zone`.
    public static func localTime(_ text: String, field: String, zone: TimeZone) throws(OrderMailError) -> Date {
        guard let date = DateFormats.date(fromLocal: text, in: zone) else {
            throw .invalidField(
                FieldError(
                    field: field, rule: "\(Quoted(text)) must be a local time YYYY-MM-DD HH:MM or a date",
                    example: "2026-11-20 14:03"),
                source: .commandLine)
        }
        return date
    }

    /// The date the user gave for when the whitelisting takes effect (`--effective`).
    public static func effectiveDate(_ text: String) throws(OrderMailError) -> CalendarDate {
        do { return try CalendarDate(parsing: text, field: "effective") } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }
}

/// Records orders placed outside ordermail, so that the QA-precedent and repeat guards know the
/// team's history from day one: every order is checked first, then all are recorded in one
/// transaction, or none.
public struct RecordOrders {
    public var ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// Checks every order: every field, its dates, its Message-ID and case number, and that it is
    /// not in `existing` already (nor twice in `orders`) unless `force`. Returns the validated
    /// ones, or every problem of every order.
    public static func validate(
        _ orders: [PlacedOrder], existing: Ledger?, force: Bool, now: Date, zone: TimeZone
    ) -> (valid: [(PlacedOrder, WhitelistingOrder)], problems: [OrderMailError]) {
        var valid: [(PlacedOrder, WhitelistingOrder)] = []
        var problems: [OrderMailError] = []
        var seen: [String: String] = [:]
        // In the order they were placed, so that a rejected order comes before the one that followed it.
        let orders = orders.enumerated().sorted {
            ($0.element.registerOrder ?? Int64.max, $0.offset) < ($1.element.registerOrder ?? Int64.max, $1.offset)
        }.map(\.element)
        for placed in orders {
            let source = placed.location.map(InputSource.file) ?? .commandLine
            var rowProblems = placed.readingProblems
            func refuse(_ field: String, _ rule: String) {
                rowProblems.append(.invalidField(FieldError(field: field, rule: rule), source: source))
            }
            let today = CalendarDate(now, in: zone)
            if let sentAt = placed.sentAt, sentAt > now {
                refuse("sent-at", "\(DateFormats.localMinute(sentAt, in: zone)) is in the future")
            }
            if let answeredAt = placed.answeredAt {
                if placed.status == .sent {
                    refuse(
                        "answered-at",
                        "goes with a status that is an answer: \(PlacedStatus.allCases.dropFirst().map(\.rawValue).joined(separator: ", "))"
                    )
                }
                if answeredAt > now {
                    refuse("answered-at", "\(DateFormats.localMinute(answeredAt, in: zone)) is in the future")
                }
                if let sentAt = placed.sentAt, answeredAt < sentAt {
                    refuse("answered-at", "is before the order was sent")
                }
            }
            if placed.effectiveDate != nil, placed.status != .confirmed {
                refuse("effective-date", "goes with status confirmed")
            }
            if let messageID = placed.messageID, messageID.wholeMatch(of: #/[!-;=?-~]+@[!-;=?-~]+/#) == nil {
                refuse(
                    "message-id", "\(Quoted(messageID)) must be a Message-ID, local@domain, in angle brackets or not")
            }
            if let supportCase = placed.supportCase {
                do { _ = try OrderText(supportCase, field: "case", maximumLength: 100) } catch {
                    rowProblems.append(.invalidField(error, source: source))
                }
            }
            let sentDay = placed.sentAt.map { CalendarDate($0, in: zone) } ?? today
            let (order, fieldProblems) = placed.request.validation(today: sentDay, placedOutside: true)
            // A value the register row left out is named by its row.
            rowProblems += fieldProblems.map { problem in
                if case .invalidField(let field, .commandLine) = problem, placed.location != nil {
                    return .invalidField(field, source: source)
                }
                return problem
            }
            if let order, !force {
                let key = "\(order.environment.rawValue) \(order.sourceSystem.normalized)"
                if let earlier = seen[key] {
                    refuse(
                        "hsa-id",
                        "\(order.sourceSystem.verbatim) in \(order.environment.rawValue) is on \(earlier) already; pass --force to record both"
                    )
                } else {
                    do throws(OrderMailError) {
                        if let earlier = try existing?.latestWhitelisting(
                            hsaID: order.sourceSystem, environment: order.environment, statuses: OrderLifecycle.standing
                        ) {
                            refuse(
                                "hsa-id",
                                "order \(earlier.id) for \(earlier.hsaID) in \(order.environment.rawValue) is already \(earlier.status.rawValue); pass --force to record another"
                            )
                        }
                    } catch { rowProblems.append(error) }
                }
                // A rejected order does not stand: another for the same system may follow it.
                if placed.status != .rejected { seen[key] = placed.location ?? "the command line" }
            }
            if let order, rowProblems.isEmpty, placed.sentAt != nil {
                valid.append((placed, order))
            } else {
                problems += rowProblems
            }
        }
        return (valid, problems)
    }

    /// Records `orders` (validated by ``validate(_:existing:force:now:zone:)``), all or none, in the
    /// order of their register numbers; returns their ids.
    public func record(_ orders: [(PlacedOrder, WhitelistingOrder)], now: Date = Date()) throws(OrderMailError)
        -> [Int64]
    {
        let ordered = orders.enumerated().sorted {
            ($0.element.0.registerOrder ?? Int64.max, $0.offset) < ($1.element.0.registerOrder ?? Int64.max, $1.offset)
        }.map(\.element)
        return try ledger.inOneTransaction { () throws(OrderMailError) in
            var ids: [Int64] = []
            for (placed, order) in ordered {
                let sentAt = placed.sentAt ?? now
                let entered = "entered \(DateFormats.timestamp(now))"
                var events = [EventDraft(type: .recorded, detail: "sent outside ordermail", note: entered)]
                if placed.status == .sent {
                    events[0].supportCase = placed.supportCase
                } else {
                    var answer = EventDraft(type: placed.status.event, supportCase: placed.supportCase, note: entered)
                    answer.effectiveDate = placed.effectiveDate?.description
                    if placed.answeredAt == nil { answer.note = "\(entered); when the answer came was not given" }
                    events.append(answer)
                }
                let new = NewOrder.placedByHand(
                    order, messageID: placed.messageID, recipients: placed.recipients, copies: placed.copies)
                let id = try ledger.record(new, events: Array(events.prefix(1)), at: sentAt)
                for answer in events.dropFirst() {
                    try ledger.append(answer, toOrder: id, at: placed.answeredAt ?? sentAt)
                }
                ids.append(id)
            }
            return ids
        }
    }
}

/// The register a team keeps (``RegisterColumn``), read back from the CSV `list --format csv`
/// writes or Excel saves: a header row in English or Swedish, `;` or `,`, UTF-8 (with or without
/// BOM) or Windows-1252, times `YYYY-MM-DD HH:MM` in local time.
public enum OrderRegister {
    /// The most problems reported for one file; the rest are counted.
    public static let problemLimit = 100
    /// The largest register read (about 300,000 orders); a larger file is refused before it is read.
    public static let maximumBytes = 64 * 1024 * 1024

    /// What a register holds: the rows to record, and one line for each row that is not read back
    /// (drafts, discarded and other unsent orders, bulk-TAK and other kinds).
    public struct Contents: Sendable {
        public var orders: [PlacedOrder] = []
        public var skipped: [String] = []
    }

    /// The rows of the register at `path`; a file that cannot be read as a register at all throws.
    /// - Parameter region: the team's region, which the register does not hold.
    public static func read(_ path: String, zone: TimeZone, region: SourcedValue?) throws(OrderMailError) -> Contents {
        var bytes: [UInt8]
        do { bytes = try BoundedFile.read(path, limit: maximumBytes) } catch {
            switch error {
            case .tooLarge(let size):
                throw .invalidData(
                    "\(path): the register is \(size / 1_048_576) MiB; registers over \(maximumBytes / 1_048_576) MiB are not read"
                )
            case .notRegular: throw .missingInput(path: path, reason: "cannot read the register: not a regular file")
            case .unreadable(let reason): throw .missingInput(path: path, reason: "cannot read the register: \(reason)")
            }
        }
        let text: [UInt8]
        do { text = try TextDecoding.decode(bytes).utf8 } catch {
            throw .invalidData(UnitList.decodingReport(error, path: path))
        }
        bytes = []
        var records: [CSVRecord] = []
        do { try CSVReader.read(text, delimiter: CSVReader.detectDelimiter(text)) { records.append($0) } } catch {
            throw .invalidData("\(path):\(error.line): \(error.message)")
        }
        guard let header = records.first else { throw .invalidData("\(path): the register is empty") }
        var columns: [RegisterColumn] = []
        for name in header.fields {
            guard let column = RegisterColumn(header: name) else {
                throw .invalidData(
                    "\(path):\(header.line): unknown column \(Quoted(name)); known: \(RegisterColumn.allCases.map(\.rawValue).joined(separator: ", ")) (or their Swedish names)"
                )
            }
            columns.append(column)
        }
        for required in [RegisterColumn.environment, .hsaID, .systemName, .sentAt] where !columns.contains(required) {
            throw .invalidData(
                "\(path):\(header.line): the column \(required.rawValue) (\(required.name(.sv))) is required")
        }
        var contents = Contents()
        for record in records.dropFirst() {
            var row: [RegisterColumn: String] = [:]
            for (column, value) in zip(columns, record.fields) {
                let trimmed = unescaped(value.trimmingWhitespace)
                if !trimmed.isEmpty { row[column] = trimmed }
            }
            let location = "\(path):\(record.line)"
            let number = row[.order].map { "order \($0)" } ?? "the row"
            if let kind = row[.kind],
                !RegisterStatus.readableKinds.contains(where: { $0.rawValue == kind.lowercased() })
            {
                contents.skipped.append(
                    "\(location): skipped: \(number) is a \(kind) order, which is exported but not read back")
                continue
            }
            var problems: [OrderMailError] = []
            let source = InputSource.file(location)
            func problem(_ column: RegisterColumn, _ rule: String) {
                problems.append(.invalidField(FieldError(field: column.rawValue, rule: rule), source: source))
            }
            var status = PlacedStatus.sent
            if let text = row[.status]?.lowercased() {
                if let readable = PlacedStatus(rawValue: text == EventType.recorded.rawValue ? "sent" : text) {
                    status = readable
                } else if EventType(rawValue: text) != nil {
                    contents.skipped.append(
                        "\(location): skipped: \(number) is \(text): only orders that reached support (\(PlacedStatus.listing)) are read back"
                    )
                    continue
                } else {
                    problem(.status, "\(Quoted(text)) must be one of \(PlacedStatus.listing)")
                }
            }
            func time(_ column: RegisterColumn) -> Date? {
                guard let text = row[column] else { return nil }
                guard let date = DateFormats.date(fromLocal: text, in: zone) else {
                    problem(column, "\(Quoted(text)) must be a local time YYYY-MM-DD HH:MM (example: 2026-11-20 14:03)")
                    return nil
                }
                return date
            }
            let sentAt = time(.sentAt)
            if row[.sentAt] == nil { problem(.sentAt, "is required: when the order was sent") }
            let answeredAt = time(.answeredAt)
            var effectiveDate: CalendarDate?
            if let text = row[.effectiveDate] {
                do {
                    effectiveDate = try CalendarDate(parsing: text, field: RegisterColumn.effectiveDate.rawValue)
                } catch {
                    problems.append(.invalidField(error, source: source))
                }
            }
            var request = WhitelistingOrderRequest()
            func value(_ column: RegisterColumn) -> SourcedValue? { row[column].map { SourcedValue($0, from: source) } }
            request.environment = value(.environment)
            request.sourceSystem = value(.hsaID)
            request.systemName = value(.systemName)
            request.region = region
            request.contactName = value(.contact)
            request.contactEmail = value(.contactEmail)
            request.reference = value(.reference)
            request.vendor = value(.vendor)
            request.requestedDate = value(.requestedDate)
            var placed = PlacedOrder(
                request: request, sentAt: sentAt, answeredAt: answeredAt, effectiveDate: effectiveDate,
                messageID: row[.messageID],
                supportCase: row[.supportCase], status: status, location: location)
            placed.registerOrder = row[.order].flatMap { Int64($0) }
            placed.readingProblems = problems
            contents.orders.append(placed)
        }
        return contents
    }

    /// A field as written, without the `'` the export puts before a leading `=`, `+`, `-`, `@`,
    /// tab or CR (so that a spreadsheet never runs it as a formula).
    static func unescaped(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.dropFirst().unicodeScalars.first,
            "=+-@\t\r".unicodeScalars.contains(second)
        else {
            return value
        }
        return String(value.dropFirst())
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
    ) throws(OrderMailError) -> (
        environment: Environment, date: CalendarDate, by: OrderText, region: OrderText, reference: OrderText?
    ) {
        let environment = try request.environment.required("environment") { text throws(FieldError) in
            try Environment(parsing: text)
        }
        let region = try request.region.required("region", hint: " (on the command line or in the configuration)") {
            text throws(FieldError) in
            try OrderText(text, field: "region")
        }
        let reference = try request.reference.validated { text throws(FieldError) in
            try OrderText(text, field: "reference")
        }
        do throws(FieldError) {
            let date = try CalendarDate(parsing: activatedAt, field: "activated-at")
            guard date <= today else {
                throw FieldError(field: "activated-at", rule: "\(date) is in the future (today is \(today))")
            }
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
                if let earlier = Ledger.standingActivation(
                    of: unit.hsaID.normalized, in: activations, environment: environment)
                {
                    notes.append(
                        "left out \(unit.hsaID.verbatim) (line \(unit.line)): already in \(environment.rawValue) by \(earlier.description)"
                    )
                } else {
                    units.append(unit)
                }
            }
            guard !units.isEmpty else {
                throw .ledger(
                    "record: every unit of the list is activated in \(environment.rawValue) already; there is nothing to record",
                    .data)
            }
            let at =
                DateFormats.calendar(in: DateFormats.utc).date(
                    from: DateComponents(
                        year: date.year, month: date.month, day: date.day, hour: 12)) ?? Date()
            let entered = "entered \(DateFormats.timestamp(Date()))"
            let events = [
                EventDraft(
                    type: .recorded, detail: "activated \(date) by \(by.value), outside ordermail", note: entered),
                EventDraft(type: .confirmed, note: entered, effectiveDate: date.description),
            ]
            let new = NewOrder.activationRecorded(
                environment: environment, units: units, region: region.value, by: by.value, reference: reference?.value)
            return Outcome(
                orderID: try ledger.record(new, events: events, at: at), unitCount: units.count, notes: notes)
        }
    }
}
