import Foundation
import OrderMailCore

/// Applies every rule to the documents found in the inputs, in capture order, and keeps what the
/// report needs: counts, the first findings of each rule, the booking index and the pairing of
/// responses with requests.
package struct ComplianceChecker {
    package let options: CheckUpdates.Options
    private var rules: EngagementRules
    private let timestamps = CaptureTimestamps()
    private let units: Set<String>?
    /// How findings name where `units` come from.
    private let unitsLabel: String

    package private(set) var requests = 0
    package private(set) var responses = 0
    package private(set) var engagementsChecked = 0
    package private(set) var sourceSystems: [String: Int] = [:]
    package private(set) var logicalAddresses: [String: Int] = [:]
    package private(set) var headerLogicalAddresses: [String: Int] = [:]
    package private(set) var firstCapture: Date?
    package private(set) var lastCapture: Date?
    package private(set) var findings: [String: ComplianceReport.RuleFindings] = [:]
    package private(set) var timeline: [ComplianceReport.TimelineEntry] = []
    package private(set) var bookings = BookingIndex()
    private var reportedUnits: Set<String> = []
    /// Every other `sourceSystem` seen: where its first engagement stands, and for a near miss of
    /// the system checked, the units and bookings it shares with it.
    package private(set) var otherSystems: [String: OtherSystem] = [:]
    /// Requests of the system checked whose moment of capture was unknown (the past-booking rule could not run for them).
    package private(set) var requestsWithoutCaptureTime = 0
    package private(set) var requestsChecked = 0
    private var hasNearMiss = false
    /// Every spelling of the system checked (trimmed, exact), with its first engagement and count.
    private(set) var checkedSpellings: [String: Spelling] = [:]
    /// The system to check, upper case.
    private let selectedUpperCased: String?

    /// Where a spelling of the system checked was first seen, and how many engagements carry it.
    struct Spelling {
        package var file: String
        package var line: Int
        package var count = 0
    }

    /// Another `sourceSystem` than the one checked.
    package struct OtherSystem {
        package var count = 0
        package var file: String
        package var line: Int
        /// Whether it is a near miss of the system checked (a prefix, one character off).
        package var isNearMiss: Bool
        /// Of a near miss: its bookings (hashed) and units, to find those it shares with the system checked.
        package var bookings: Set<Int> = []
        package var units: Set<String> = []
        package var sharesBooking = false
    }

    /// Documents whose order against another input's the timestamps did not establish.
    package private(set) var documentsOutOfEstablishedOrder = 0
    /// Whether the timestamps put the document being checked before every other input's next one.
    private var isOrderEstablished = true

    /// What is counted per input while the inputs are read side by side.
    private struct FileState {
        var name: String
        var requests = 0
        var responses = 0
        var engagements = 0
        var pendingInOrder: [PendingRequest] = []
    }

    private var states: [Int: FileState] = [:]
    private var current = 0
    private var summaries: [Int: ComplianceReport.FileSummary] = [:]
    // The input the document being checked comes from.
    private var file = ""
    private var fileRequests: Int {
        get { states[current]?.requests ?? 0 }
        set { states[current]?.requests = newValue }
    }
    private var fileResponses: Int {
        get { states[current]?.responses ?? 0 }
        set { states[current]?.responses = newValue }
    }
    private var fileEngagements: Int {
        get { states[current]?.engagements ?? 0 }
        set { states[current]?.engagements = newValue }
    }
    private var pendingInOrder: [PendingRequest] {
        get { states[current]?.pendingInOrder ?? [] }
        set { states[current]?.pendingInOrder = newValue }
    }
    private var pendingByCorrelation: [String: PendingRequest] = [:]

    /// A request waiting for its response.
    private struct PendingRequest {
        package var file: String
        package var line: Int
        var request: Int
        var isChecked: Bool
    }

    package init(options: CheckUpdates.Options, units: Set<String>?) {
        self.options = options
        self.units = units
        unitsLabel = options.unitsLabel
        rules = EngagementRules(tkb: options.tkb, policy: options.policy, timestamps: timestamps)
        selectedUpperCased = options.sourceSystem?.uppercased()
    }

    /// The files read, in the order of the inputs.
    package var files: [ComplianceReport.FileSummary] { summaries.sorted { $0.key < $1.key }.map(\.value) }

    /// Starts counting for input `index`.
    package mutating func beginFile(_ index: Int, name: String) {
        states[index] = FileState(name: name)
    }

    private mutating func select(_ index: Int) {
        current = index
        file = states[index]?.name ?? ""
    }

    /// Ends input `index`: its read failure, skipped parts and counts.
    package mutating func endFile(_ index: Int, stream: DocumentStream) {
        select(index)
        let scanner = stream.scanner
        if let failure = stream.failure {
            record(.unreadable, line: nil, "the input broke off: \(failure)")
        }
        for skipped in scanner.skipped { record(.unreadable, line: skipped.line, .read(skipped.reason)) }
        for line in scanner.doctypeLines {
            record(.malformed, line: line, "a DOCTYPE is refused (no DTD or entity is read)")
        }
        if fileRequests + fileResponses == 0, stream.failure == nil, scanner.skipped.isEmpty {
            record(.noRequest, line: nil, "no Update request or response found in the file")
        }
        summaries[index] = ComplianceReport.FileSummary(
            file: file, requests: fileRequests, responses: fileResponses,
            engagements: fileEngagements, digest: stream.digest, bytesRead: stream.bytesRead)
        states[index] = nil
    }

    /// Checks one document found in input `file`; `orderEstablished` tells whether the timestamps
    /// put it before every other input's next document.
    package mutating func take(_ found: FoundDocument, file index: Int, orderEstablished: Bool) {
        select(index)
        isOrderEstablished = orderEstablished
        if !orderEstablished { documentsOutOfEstablishedOrder += 1 }
        var parser = CapturedDocumentParser()
        do {
            try XMLStreamReader.scan(found.bytes, vocabulary: CapturedDocumentParser.vocabulary) { parser.take($0) }
        } catch {
            let systems = Self.sourceSystemTexts(in: found.bytes)
            if let selected = options.sourceSystem, !systems.isEmpty,
                !systems.contains(where: { $0.uppercased() == selected.uppercased() })
            {
                return
            }
            fileRequests += 1
            requests += 1
            record(
                .malformed, line: line(found, error.line), request: fileRequests,
                "not well-formed XML: \(error.message)")
            return
        }
        switch parser.document {
        case .request(let request): check(request, found)
        case .response(let response): pair(response, found)
        case .other: break
        }
    }

    private func line(_ found: FoundDocument, _ xmlLine: Int) -> Int {
        found.isEmbedded || xmlLine < 1 ? found.line : found.line + xmlLine - 1
    }

    private func isSelected(_ sourceSystem: String) -> Bool {
        guard let selected = selectedUpperCased else { return true }
        // The usual engagement spells it exactly as given: no upper-case copy is made for it.
        return sourceSystem == options.sourceSystem || sourceSystem.uppercased() == selected
    }

    /// Whether `value` is a near miss of `reference` (any case): one a prefix of the other, or one
    /// character inserted, removed or replaced.
    package static func isNearMiss(_ value: String, of reference: String) -> Bool {
        let a = Array(value.uppercased().utf8)
        let b = Array(reference.uppercased().utf8)
        guard a != b, !a.isEmpty, !b.isEmpty else { return false }
        if a.starts(with: b) || b.starts(with: a) { return true }
        if a.count == b.count { return zip(a, b).filter { $0 != $1 }.count == 1 }
        guard abs(a.count - b.count) == 1 else { return false }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        var first = 0
        while first < short.count, long[first] == short[first] { first += 1 }
        return long[(first + 1)...].elementsEqual(short[first...])
    }

    /// Notes an engagement of another system than the one checked.
    private mutating func noteOther(_ system: String, _ transaction: CapturedTransaction, line: Int) {
        var other =
            otherSystems[system]
            ?? OtherSystem(
                file: file, line: line,
                isNearMiss: options.sourceSystem.map { Self.isNearMiss(system, of: $0) } ?? false)
        other.count += 1
        if other.isNearMiss {
            hasNearMiss = true
            if let booking = transaction.fields[.businessObjectInstanceIdentifier]?.text.trimmingSpaces(),
                !booking.isEmpty
            {
                if let selected = options.sourceSystem, bookings.contains(sourceSystem: selected, booking: booking) {
                    other.sharesBooking = true
                }
                if other.bookings.count < 100_000 { other.bookings.insert(booking.uppercased().hashValue) }
            }
            if let unit = transaction.fields[.logicalAddress]?.text.trimmingSpaces(), other.units.count < 10_000 {
                other.units.insert(unit.uppercased())
            }
        }
        otherSystems[system] = other
    }

    private mutating func check(_ request: CapturedRequest, _ found: FoundDocument) {
        fileRequests += 1
        requests += 1
        let index = fileRequests
        let requestLine = line(found, 1)
        let capturedAt = found.capturedAt ?? options.capturedAt
        var checked: [(position: Int, transaction: CapturedTransaction)] = []
        for (position, transaction) in request.transactions.enumerated() {
            let system = transaction.fields[.sourceSystem]?.text.trimmingSpaces() ?? ""
            sourceSystems[system, default: 0] += 1
            if isSelected(system) {
                checked.append((position + 1, transaction))
            } else {
                noteOther(system, transaction, line: line(found, transaction.line))
            }
        }
        fileEngagements += request.transactions.count
        let pending = PendingRequest(file: file, line: requestLine, request: index, isChecked: !checked.isEmpty)
        if let correlation = found.correlationID {
            if pendingByCorrelation.count > 100_000 { pendingByCorrelation.removeAll() }
            pendingByCorrelation[correlation] = pending
        } else {
            if pendingInOrder.count > 10_000 { pendingInOrder.removeFirst(5_000) }
            pendingInOrder.append(pending)
        }
        guard !checked.isEmpty || request.transactions.isEmpty else { return }
        if let capturedAt {
            firstCapture = min(firstCapture ?? capturedAt, capturedAt)
            lastCapture = max(lastCapture ?? capturedAt, capturedAt)
        }
        checkRequestRules(request, found, index: index)
        requestsChecked += 1
        var keys: Set<UInt64> = []
        var reportedConsumer = false
        var skippedPastRule = false
        for (position, transaction) in checked {
            engagementsChecked += 1
            var raised = rules.check(transaction)
            let fields = transaction.fields
            // The record's key (a hash of the exact strings of its key fields) tells a repeat within the request.
            let bookingRecord = BookingIndex.record(of: fields)
            let isDelete = EngagementRules.isDelete(transaction)
            if let system = fields[.sourceSystem] {
                let spelling = system.text.trimmingSpaces()
                if checkedSpellings[spelling] != nil {
                    checkedSpellings[spelling]?.count += 1
                } else {
                    checkedSpellings[spelling] = Spelling(file: file, line: line(found, system.line), count: 1)
                }
            }
            if let selected = options.sourceSystem, let system = fields[.sourceSystem],
                system.text.trimmingSpaces() != selected
            {
                raised.append(
                    RuleFinding(
                        .sourceSystemSpelling, line: system.line, field: "sourceSystem", value: system.text,
                        "sourceSystem is spelt \(system.text.trimmingSpaces()), the system checked \(selected) (--source-system): the index keys records by the exact string, so the two are different systems to it"
                    ))
            }
            if let booking = fields[.businessObjectInstanceIdentifier]?.text.trimmingSpaces(), !booking.isEmpty,
                hasNearMiss
            {
                let hashed = booking.uppercased().hashValue
                for (name, other) in otherSystems where other.isNearMiss && other.bookings.contains(hashed) {
                    otherSystems[name]?.sharesBooking = true
                }
            }
            if keys.insert(bookingRecord.key).inserted {
                raised += bookingRules(transaction, record: bookingRecord, isDelete: isDelete)
            } else {
                // Engagemangsindex refuses the request, so the repeat changes no record.
                raised.append(
                    RuleFinding(
                        .duplicateKey, line: transaction.line, "a second engagement with the same key in this request"))
            }
            if !isDelete, options.tkb == .v1_1, let content = fields[.mostRecentContent],
                let start = timestamps.parseTS(content.text.trimmingSpaces())
            {
                if let capturedAt {
                    if start < capturedAt {
                        raised.append(
                            RuleFinding(
                                .pastBooking, line: content.line, field: "mostRecentContent", value: content.text,
                                "mostRecentContent (the booking's start under TKB 1.1) lies before the request was captured: only future bookings belong in the index, and the TKB wants the booking deleted once its start has passed"
                            ))
                    }
                } else {
                    skippedPastRule = true
                }
            }
            // A logicalAddress that broke a rule already is not looked up as well.
            if let units, !raised.contains(where: { $0.field == "logicalAddress" }),
                let address = fields[.logicalAddress]?.text.trimmingSpaces(), !address.isEmpty,
                !units.contains(address.uppercased()), reportedUnits.insert(address.uppercased()).inserted
            {
                raised.append(
                    RuleFinding(
                        .unitNotListed, line: fields[.logicalAddress]?.line, field: "logicalAddress",
                        value: address, "logicalAddress is not in \(unitsLabel)"))
            }
            if !reportedConsumer, let consumer = found.originalConsumer,
                let system = fields[.sourceSystem]?.text.trimmingSpaces(), consumer.uppercased() != system.uppercased()
            {
                reportedConsumer = true
                raised.append(
                    RuleFinding(
                        .consumerDiffers, line: requestLine, field: "originalServiceconsumerHsaid", value: consumer,
                        "the platform saw the consumer \(consumer), the request says sourceSystem \(system)"))
            }
            if let address = fields[.logicalAddress]?.text.trimmingSpaces() {
                logicalAddresses[address, default: 0] += 1
            }
            let booking = fields[.businessObjectInstanceIdentifier]?.text.trimmingSpaces()
            for finding in raised {
                record(
                    finding.rule, line: finding.line.map { line(found, $0) }, request: index, engagement: position,
                    field: finding.field, value: finding.value, booking: booking, finding.message)
            }
            if let wanted = options.timelineBooking, booking == wanted {
                timeline.append(
                    ComplianceReport.TimelineEntry(
                        capturedAt: capturedAt, file: file, line: line(found, transaction.line),
                        action: isDelete ? "delete" : "update",
                        mostRecentContent: fields[.mostRecentContent].map {
                            Self.shown($0.text, field: "mostRecentContent", mask: options.mask)
                        },
                        logicalAddress: fields[.logicalAddress].map {
                            Self.shown($0.text, field: nil, mask: options.mask)
                        },
                        rules: raised.map(\.rule.id)))
            }
        }
        if skippedPastRule {
            requestsWithoutCaptureTime += 1
            record(
                .captureTimeUnknown, line: requestLine, request: index,
                "no timestamp before the request and no --captured-at")
        }
    }

    private mutating func checkRequestRules(_ request: CapturedRequest, _ found: FoundDocument, index: Int) {
        let requestLine = line(found, 1)
        if request.transactions.isEmpty || request.transactions.count > 1000 {
            record(
                .transactionCount, line: requestLine, request: index, value: String(request.transactions.count),
                "the request holds \(request.transactions.count) engagementTransaction elements; 1 to 1000 allowed")
        }
        if request.isSOAP12 {
            record(
                .soapVersion, line: requestLine, request: index,
                "a SOAP 1.2 envelope (http://www.w3.org/2003/05/soap-envelope): the index's endpoint takes SOAP 1.1 only"
            )
        }
        if request.hasEnvelope {
            if let header = request.headerLogicalAddress, !header.text.trimmingSpaces().isEmpty {
                let address = header.text.trimmingSpaces()
                headerLogicalAddresses[address, default: 0] += 1
                if address.uppercased() != options.indexAddress.uppercased() {
                    record(
                        .headerLogicalAddress, line: line(found, header.line), request: index, field: "LogicalAddress",
                        value: address,
                        "the RIVTA header LogicalAddress is \(address), not the index's own id \(options.indexAddress): the index answers EI003"
                    )
                }
            } else {
                record(
                    .headerLogicalAddress, line: requestLine, request: index, field: "LogicalAddress",
                    "the SOAP header has no LogicalAddress (urn:riv:itintegration:registry:1)")
            }
        }
        for problem in request.problems {
            record(
                problem.rule, line: line(found, problem.line), request: index, field: problem.field,
                .read(problem.message))
        }
    }

    private mutating func bookingRules(_ transaction: CapturedTransaction, record: BookingIndex.Record, isDelete: Bool)
        -> [RuleFinding]
    {
        guard let system = transaction.fields[.sourceSystem]?.text,
            let booking = transaction.fields[.businessObjectInstanceIdentifier]?.text,
            !booking.trimmingSpaces().isEmpty
        else { return [] }
        let line = transaction.line
        switch bookings.apply(sourceSystem: system, booking: booking, record: record, isDelete: isDelete) {
        case .accepted:
            return []
        case .unchangedResend:
            return [
                orderDependent(
                    .unchangedResend, line: line, "the same record again with an unchanged mostRecentContent")
            ]
        case .keyChanged(let fields):
            return [
                RuleFinding(
                    .keyChanged, line: line, field: fields.first,
                    "\(fields.joined(separator: ", ")) changed for the booking without a delete of the earlier record")
            ]
        case .deleteMismatch(let fields):
            return [
                RuleFinding(
                    .deleteKeyMismatch, line: line, field: fields.first,
                    "the delete differs from the booking's record in \(fields.joined(separator: ", ")) and matches nothing: the index's record stays in place"
                )
            ]
        case .deleteUnknown:
            return [orderDependent(.deleteUnknown, line: line, "a delete of a booking not seen before in the capture")]
        }
    }

    /// A finding that rests on the order of requests: a warning (``ComplianceRule/orderUnknown``)
    /// when the timestamps did not establish the order of this document against the other inputs'.
    private func orderDependent(_ rule: ComplianceRule, line: Int, _ message: StaticString) -> RuleFinding {
        let text = "\(message)"
        guard !isOrderEstablished else { return RuleFinding(rule, line: line, FindingMessage(stringLiteral: text)) }
        return RuleFinding(
            .orderUnknown, line: line,
            FindingMessage(stringLiteral: "\(text) (\(rule.id)), in an order the timestamps do not establish"))
    }

    private mutating func pair(_ response: CapturedResponse, _ found: FoundDocument) {
        fileResponses += 1
        responses += 1
        var request: PendingRequest?
        if let correlation = found.correlationID {
            request = pendingByCorrelation.removeValue(forKey: correlation)
        } else if !pendingInOrder.isEmpty {
            request = pendingInOrder.removeFirst()
        }
        let isError = response.isFault || response.resultCode?.trimmingSpaces() == "ERROR"
        guard isError, request?.isChecked ?? (options.sourceSystem == nil) else { return }
        let responseLine = line(found, 1)
        let comment = response.comment?.trimmingSpaces()
        let message: FindingMessage =
            response.isFault
            ? "the request got a SOAP fault (response at line \(responseLine))"
            : "the request got ResultCode ERROR (response at line \(responseLine))"
        let saved = file
        file = request?.file ?? file
        record(
            .errorResponse, line: request?.line ?? responseLine, request: request?.request, field: "comment",
            value: comment, message)
        file = saved
    }

    /// Records a finding, masked, keeping the first ``CheckUpdates/keptPerRule`` of each rule; it
    /// counts as `counting` (one finding that stands for that many engagements).
    package mutating func record(
        _ rule: ComplianceRule, file: String? = nil, line: Int?, request: Int? = nil, engagement: Int? = nil,
        field: String? = nil,
        value: String? = nil, booking: String? = nil, counting: Int = 1, _ message: FindingMessage
    ) {
        let file = file ?? self.file
        var entry =
            findings[rule.id]
            ?? ComplianceReport.RuleFindings(
                rule: rule.id, severity: rule.severity, explanation: rule.explanation, count: 0, findings: [])
        entry.count += counting
        if entry.findings.count < CheckUpdates.keptPerRule {
            let mask = options.mask
            let hidesValue =
                options.share
                && (field == "businessObjectInstanceIdentifier" || EngagementRules.timeFieldNames.contains(field ?? ""))
            entry.findings.append(
                ComplianceFinding(
                    rule: rule.id, severity: rule.severity, file: file, line: line, request: request,
                    engagement: engagement, field: field,
                    value: hidesValue ? nil : value.map { Self.shown($0, field: field, mask: mask) },
                    booking: options.share ? nil : booking.map { Self.shown($0, field: nil, mask: mask) },
                    message: message.masked(by: mask)))
        }
        findings[rule.id] = entry
    }

    /// A value as a finding echoes it: masked first, then cut to 80 characters (cutting first could
    /// leave nine digits of a number for a reader to complete); a time field's value in the schema's
    /// TS form is shown as it is.
    package static func shown(_ value: String, field: String?, mask: PersonalDataMask) -> String {
        if let field, EngagementRules.timeFieldNames.contains(field), EngagementRules.isTSFormat(value.trimmingSpaces())
        {
            return value
        }
        return String(mask.mask(value).prefix(80))
    }

    /// The text of every `sourceSystem` element in a document libxml2 refused, to tell whose it is.
    package static func sourceSystemTexts(in bytes: [UInt8]) -> [String] {
        let open = Array("sourceSystem>".utf8)
        var values: [String] = []
        var index = bytes.startIndex
        while let range = bytes[index...].firstRange(of: open) {
            let start = range.upperBound
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.endIndex
            let tagStart = bytes[..<range.lowerBound].lastIndex(of: UInt8(ascii: "<"))
            if let tagStart, tagStart + 1 < bytes.endIndex, bytes[tagStart + 1] != UInt8(ascii: "/") {
                let text = String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
                if !text.isEmpty { values.append(text) }
            }
            index = end
        }
        return values
    }
}
