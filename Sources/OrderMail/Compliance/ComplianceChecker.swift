import Foundation

/// Applies every rule to the documents found in the inputs, in capture order, and keeps what the
/// report needs: counts, the first findings of each rule, the booking index and the pairing of
/// responses with requests.
struct ComplianceChecker {
    let options: CheckUpdates.Options
    private var rules: EngagementRules
    private let timestamps = CaptureTimestamps()
    private let units: Set<String>?
    /// How findings name where `units` come from.
    private let unitsLabel: String

    private(set) var files: [ComplianceReport.FileSummary] = []
    private(set) var requests = 0
    private(set) var responses = 0
    private(set) var engagementsChecked = 0
    private(set) var sourceSystems: [String: Int] = [:]
    private(set) var logicalAddresses: [String: Int] = [:]
    private(set) var headerLogicalAddresses: [String: Int] = [:]
    private(set) var firstCapture: Date?
    private(set) var lastCapture: Date?
    private(set) var findings: [String: ComplianceReport.RuleFindings] = [:]
    private(set) var timeline: [ComplianceReport.TimelineEntry] = []
    private(set) var bookings = BookingIndex()
    private var reportedUnits: Set<String> = []

    // The file being read.
    private var file = ""
    private var fileRequests = 0
    private var fileResponses = 0
    private var fileEngagements = 0
    private var pendingInOrder: [PendingRequest] = []
    private var pendingByCorrelation: [String: PendingRequest] = [:]

    /// A request waiting for its response.
    private struct PendingRequest {
        var file: String
        var line: Int
        var request: Int
        var isChecked: Bool
    }

    init(options: CheckUpdates.Options, units: Set<String>?) {
        self.options = options
        self.units = units
        unitsLabel = options.unitsLabel
        rules = EngagementRules(tkb: options.tkb, policy: options.policy, timestamps: timestamps)
    }

    mutating func beginFile(_ name: String) {
        file = name
        fileRequests = 0
        fileResponses = 0
        fileEngagements = 0
        pendingInOrder = []
    }

    mutating func endFile(digest: String, scanner: CaptureScanner, read: CaptureInputs.ReadOutcome) {
        if let failure = read.failure {
            record(.unreadable, line: nil, "the input broke off: \(failure)")
        }
        for skipped in scanner.skipped { record(.unreadable, line: skipped.line, .read(skipped.reason)) }
        for line in scanner.doctypeLines { record(.malformed, line: line, "a DOCTYPE is refused (no DTD or entity is read)") }
        if fileRequests + fileResponses == 0, read.failure == nil, scanner.skipped.isEmpty {
            record(.noRequest, line: nil, "no Update request or response found in the file")
        }
        files.append(ComplianceReport.FileSummary(
            file: file, requests: fileRequests, responses: fileResponses,
            engagements: fileEngagements, digest: digest))
    }

    /// Checks one document found in the current file.
    mutating func take(_ found: FoundDocument) {
        var parser = CapturedDocumentParser()
        do {
            try XMLStreamReader.read(found.bytes) { parser.take($0) }
        } catch {
            let systems = Self.sourceSystemTexts(in: found.bytes)
            if let selected = options.sourceSystem, !systems.isEmpty,
               !systems.contains(where: { $0.uppercased() == selected.uppercased() }) {
                return
            }
            fileRequests += 1
            requests += 1
            record(.malformed, line: line(found, error.line), request: fileRequests, "not well-formed XML: \(error.message)")
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
        guard let selected = options.sourceSystem else { return true }
        return sourceSystem.uppercased() == selected.uppercased()
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
            if isSelected(system) { checked.append((position + 1, transaction)) }
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
        var keys: Set<String> = []
        var reportedConsumer = false
        var skippedPastRule = false
        for (position, transaction) in checked {
            engagementsChecked += 1
            var raised = rules.check(transaction)
            let fields = transaction.fields
            let key = BookingIndex.keyFields.map { fields[$0]?.text ?? "" }.joined(separator: "\u{1F}")
                + "\u{1F}" + (fields[.businessObjectInstanceIdentifier]?.text ?? "") + "\u{1F}" + (fields[.sourceSystem]?.text ?? "")
            let isDelete = EngagementRules.isDelete(transaction)
            if keys.insert(key).inserted {
                raised += bookingRules(transaction, isDelete: isDelete)
            } else {
                // Engagemangsindex refuses the request, so the repeat changes no record.
                raised.append(RuleFinding(.duplicateKey, line: transaction.line, "a second engagement with the same key in this request"))
            }
            if !isDelete, options.tkb == .v1_1, let content = fields[.mostRecentContent],
               let start = timestamps.parseTS(content.text.trimmingSpaces()) {
                if let capturedAt {
                    if start < capturedAt.addingTimeInterval(-24 * 3600) {
                        raised.append(RuleFinding(.pastBooking, line: content.line, field: "mostRecentContent", value: content.text,
                                                  "the booking starts more than 24 hours before the request was captured"))
                    }
                } else {
                    skippedPastRule = true
                }
            }
            // A logicalAddress that broke a rule already is not looked up as well.
            if let units, !raised.contains(where: { $0.field == "logicalAddress" }),
               let address = fields[.logicalAddress]?.text.trimmingSpaces(), !address.isEmpty,
               !units.contains(address.uppercased()), reportedUnits.insert(address.uppercased()).inserted {
                raised.append(RuleFinding(.unitNotListed, line: fields[.logicalAddress]?.line, field: "logicalAddress",
                                          value: address, "logicalAddress is not in \(unitsLabel)"))
            }
            if !reportedConsumer, let consumer = found.originalConsumer,
               let system = fields[.sourceSystem]?.text.trimmingSpaces(), consumer.uppercased() != system.uppercased() {
                reportedConsumer = true
                raised.append(RuleFinding(.consumerDiffers, line: requestLine, field: "originalServiceconsumerHsaid", value: consumer,
                                          "the platform saw the consumer \(consumer), the request says sourceSystem \(system)"))
            }
            if let address = fields[.logicalAddress]?.text.trimmingSpaces() { logicalAddresses[address, default: 0] += 1 }
            let booking = fields[.businessObjectInstanceIdentifier]?.text.trimmingSpaces()
            for finding in raised {
                record(finding.rule, line: finding.line.map { line(found, $0) }, request: index, engagement: position,
                       field: finding.field, value: finding.value, booking: booking, finding.message)
            }
            if let wanted = options.timelineBooking, booking == wanted {
                timeline.append(ComplianceReport.TimelineEntry(
                    capturedAt: capturedAt, file: file, line: line(found, transaction.line),
                    action: isDelete ? "delete" : "update", mostRecentContent: fields[.mostRecentContent]?.text,
                    logicalAddress: fields[.logicalAddress]?.text, rules: raised.map(\.rule.id)))
            }
        }
        if skippedPastRule {
            record(.captureTimeUnknown, line: requestLine, request: index, "no timestamp before the request and no --captured-at")
        }
    }

    private mutating func checkRequestRules(_ request: CapturedRequest, _ found: FoundDocument, index: Int) {
        let requestLine = line(found, 1)
        if request.transactions.isEmpty || request.transactions.count > 1000 {
            record(.transactionCount, line: requestLine, request: index, value: String(request.transactions.count),
                   "the request holds \(request.transactions.count) engagementTransaction elements; 1 to 1000 allowed")
        }
        if request.hasEnvelope {
            if let header = request.headerLogicalAddress, !header.text.trimmingSpaces().isEmpty {
                headerLogicalAddresses[header.text.trimmingSpaces(), default: 0] += 1
            } else {
                record(.headerLogicalAddress, line: requestLine, request: index, field: "LogicalAddress",
                       "the SOAP header has no LogicalAddress (urn:riv:itintegration:registry:1)")
            }
        }
        for problem in request.problems {
            record(problem.rule, line: line(found, problem.line), request: index, field: problem.field, .read(problem.message))
        }
    }

    private mutating func bookingRules(_ transaction: CapturedTransaction, isDelete: Bool) -> [RuleFinding] {
        guard let system = transaction.fields[.sourceSystem]?.text, let booking = transaction.fields[.businessObjectInstanceIdentifier]?.text,
              !booking.trimmingSpaces().isEmpty else { return [] }
        let line = transaction.line
        switch bookings.apply(sourceSystem: system, booking: booking, fields: transaction.fields, isDelete: isDelete) {
        case .accepted:
            return []
        case .unchangedResend:
            return [RuleFinding(.unchangedResend, line: line, "the same record again with an unchanged mostRecentContent")]
        case .keyChanged(let fields):
            return [RuleFinding(.keyChanged, line: line, field: fields.first,
                                "\(fields.joined(separator: ", ")) changed for the booking without a delete of the earlier record")]
        case .deleteMismatch(let fields):
            return [RuleFinding(.deleteKeyMismatch, line: line, field: fields.first,
                                "the delete differs from the booking's record in \(fields.joined(separator: ", ")): the booking stays in the patient's list")]
        case .deleteUnknown:
            return [RuleFinding(.deleteUnknown, line: line, "a delete of a booking not seen before in the capture")]
        }
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
        let message: FindingMessage = response.isFault
            ? "the request got a SOAP fault (response at line \(responseLine))"
            : "the request got ResultCode ERROR (response at line \(responseLine))"
        let saved = file
        file = request?.file ?? file
        record(.errorResponse, line: request?.line ?? responseLine, request: request?.request, field: "comment",
               value: comment, message)
        file = saved
    }

    /// Records a finding, masked, keeping the first ``CheckUpdates/keptPerRule`` of each rule.
    mutating func record(
        _ rule: ComplianceRule, line: Int?, request: Int? = nil, engagement: Int? = nil, field: String? = nil,
        value: String? = nil, booking: String? = nil, _ message: FindingMessage
    ) {
        var entry = findings[rule.id] ?? ComplianceReport.RuleFindings(
            rule: rule.id, severity: rule.severity, explanation: rule.explanation, count: 0, findings: [])
        entry.count += 1
        if entry.findings.count < CheckUpdates.keptPerRule {
            let mask = options.mask
            let hidesValue = options.share && (field == "businessObjectInstanceIdentifier" || EngagementRules.timeFieldNames.contains(field ?? ""))
            entry.findings.append(ComplianceFinding(
                rule: rule.id, severity: rule.severity, file: file, line: line, request: request,
                engagement: engagement, field: field, value: hidesValue ? nil : value.map { mask.mask(String($0.prefix(80))) },
                booking: options.share ? nil : booking.map { mask.mask(String($0.prefix(80))) }, message: message.masked(by: mask)))
        }
        findings[rule.id] = entry
    }

    /// The text of every `sourceSystem` element in a document libxml2 refused, to tell whose it is.
    static func sourceSystemTexts(in bytes: [UInt8]) -> [String] {
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
