import OrderMailCore

/// Which Tidbokning contract the rules follow.
public enum TKBVersion: String, Codable, Sendable, CaseIterable {
    /// crm:scheduling 1.1.x: `mostRecentContent` is the booking's start.
    case v1_1 = "1.1"
    /// supportprocess:logistics:scheduling 2.0: `mostRecentContent` is the time of the change.
    case v2_0 = "2.0"

    /// The `serviceDomain` its engagements carry.
    package var serviceDomain: String {
        switch self {
        case .v1_1: "riv:crm:scheduling"
        case .v2_0: "riv:supportprocess:logistics:scheduling"
        }
    }
}

/// The rules one engagement can be checked against on its own.
///
/// A field missing is reported once (by the schema rule); a value rule only looks at values that
/// are there and not empty, and a field gets at most one finding besides white space, so each
/// mistake yields one finding.
package struct EngagementRules {
    package let tkb: TKBVersion
    package let policy: HSAIDPolicy
    package let timestamps: CaptureTimestamps
    /// The broken rule (nil: valid) of each HSA-id checked so far; captures repeat a few ids millions of times.
    private var hsaIDs: [String: String?] = [:]

    package init(tkb: TKBVersion, policy: HSAIDPolicy, timestamps: CaptureTimestamps) {
        self.tkb = tkb
        self.policy = policy
        self.timestamps = timestamps
    }

    /// Why `value` is not a valid HSA-id under the policy, or nil when it is one.
    private mutating func hsaIDProblem(_ value: String) -> String? {
        if let known = hsaIDs[value] { return known }
        var problem: String?
        do throws(FieldError) { _ = try HSAID(value, policy: policy) } catch { problem = error.rule }
        if hsaIDs.count > 10_000 { hsaIDs.removeAll() }
        hsaIDs[value] = problem
        return problem
    }

    /// The fields Engagemangsindex wants non-empty.
    package static let requiredValues: Set<EngagementField> = [
        .registeredResidentIdentification, .serviceDomain, .categorization, .logicalAddress,
        .businessObjectInstanceIdentifier, .clinicalProcessInterestId, .sourceSystem, .dataController,
    ]
    /// Engagemangsindex's maximum lengths, by the field's position.
    package static let maximumLengths = [32, 255, 255, 64, 128, 128, 14, 64, 14, 14, 64, 64]
    package static let timeFields: Set<EngagementField> = [.mostRecentContent, .creationTime, .updateTime]

    /// Whether `field` is one of ``timeFields`` (by a switch: no set is hashed per value).
    static func isTime(_ field: EngagementField) -> Bool {
        switch field {
        case .mostRecentContent, .creationTime, .updateTime: true
        default: false
        }
    }

    /// Whether `field` is one of ``requiredValues``.
    static func isRequiredValue(_ field: EngagementField) -> Bool {
        switch field {
        case .registeredResidentIdentification, .serviceDomain, .categorization, .logicalAddress,
            .businessObjectInstanceIdentifier, .clinicalProcessInterestId, .sourceSystem, .dataController:
            true
        default: false
        }
    }
    /// The names of the time fields, which `--share` leaves out.
    package static let timeFieldNames = Set(timeFields.map(\.rawValue))
    package static let reservedID = "5565594230"

    /// Whether the transaction is a delete (an invalid `deleteFlag` counts as an update).
    package static func isDelete(_ transaction: CapturedTransaction) -> Bool {
        guard let text = transaction.deleteFlag?.text.trimmingSpaces() else { return false }
        return text == "true" || text == "1"
    }

    /// Every finding for `transaction` alone; `capturedAt` is its request's moment of capture.
    package mutating func check(_ transaction: CapturedTransaction) -> [RuleFinding] {
        var findings = transaction.problems.map {
            RuleFinding($0.rule, line: $0.line, field: $0.field, .read($0.message))
        }
        if let flag = transaction.deleteFlag, !["true", "false", "1", "0"].contains(flag.text.trimmingSpaces()) {
            findings.append(
                RuleFinding(
                    .deleteFlag, line: flag.line, field: "deleteFlag", value: flag.text,
                    "deleteFlag must be true, false, 1 or 0"))
        }
        // One bit per field (its position): a field gets at most one finding besides white space.
        var reported: UInt16 = 0
        let fields = transaction.fields
        for field in EngagementField.allCases {
            guard let value = fields[field] else { continue }
            let name = field.rawValue
            let trimmed = value.text.trimmingSpaces()
            func report(_ rule: ComplianceRule, _ message: FindingMessage) {
                guard reported & (1 << field.position) == 0 else { return }
                reported |= 1 << field.position
                findings.append(RuleFinding(rule, line: value.line, field: name, value: value.text, message))
            }
            if trimmed.isEmpty {
                if Self.isRequiredValue(field) {
                    report(.emptyValue, "\(name) is empty")
                } else if Self.isTime(field) {
                    report(.timestamp, "\(name) is empty; expected yyyyMMddHHmmss")
                }
                continue
            }
            if trimmed != value.text {
                findings.append(
                    RuleFinding(
                        .surroundingWhiteSpace, line: value.line, field: name, value: value.text,
                        "\(name) has leading or trailing white space"))
            }
            let maximum = Self.maximumLengths[field.position]
            // A time's length is part of its format: the timestamp rule reports it as one.
            let isTime = Self.isTime(field)
            if !isTime, value.text.utf8.count > maximum, value.text.count > maximum {
                report(.maximumLength, "\(name) is \(value.text.count) characters; at most \(maximum)")
            }
            if isTime, timestamps.parseTS(trimmed) == nil {
                report(
                    .timestamp,
                    Self.isTSFormat(trimmed)
                        ? "\(name) is not a real date and time (yyyyMMddHHmmss)"
                        : "\(name) is not in the format yyyyMMddHHmmss (14 digits, Swedish local time)")
            }
            if field == .registeredResidentIdentification {
                if !Self.matchesResidentPattern(trimmed) {
                    report(
                        .residentIdentification,
                        "registeredResidentIdentification does not match [0-9]{8}[0-9A-Zptf]{4}")
                } else if let kind = Self.localReserveKind(trimmed) {
                    report(
                        .localReserveIdentity,
                        "registeredResidentIdentification is a local reserve identity (\(kind)); local reserve identities are not sent to the national index (EI TKB kR4)"
                    )
                }
            }
            if field == .sourceSystem || field == .logicalAddress, trimmed == Self.reservedID {
                report(.reservedID, "\(name) is Engagemangsindex's own id 5565594230")
            }
            if reported & (1 << field.position) == 0 { checkTKB(field, trimmed, fields: fields, report: report) }
        }
        findings += presenceRules(transaction)
        return findings
    }

    private mutating func checkTKB(
        _ field: EngagementField, _ value: String, fields: EngagementFields,
        report: (ComplianceRule, FindingMessage) -> Void
    ) {
        // Made only for the two fields compared with it.
        var sourceSystem: String? { fields[.sourceSystem]?.text.trimmingSpaces().uppercased() }
        switch field {
        case .serviceDomain where value != tkb.serviceDomain:
            report(.serviceDomain, "serviceDomain must be \(tkb.serviceDomain) for Tidbokning \(tkb.rawValue)")
        case .categorization where value != "NA":
            report(.categorization, "categorization must be NA")
        case .clinicalProcessInterestId where value != "NA":
            report(.clinicalProcessInterestID, "clinicalProcessInterestId must be NA")
        case .logicalAddress:
            if let problem = hsaIDProblem(value) {
                report(.logicalAddressHSAID, "logicalAddress is not a valid HSA-id: \(problem)")
            } else if value.uppercased() == sourceSystem {
                report(
                    .logicalAddressIsSourceSystem,
                    "logicalAddress is the booking system's own HSA-id; the TKB makes the care unit's HSA-id the address"
                )
            }
        case .sourceSystem:
            if let problem = hsaIDProblem(value) {
                report(.sourceSystemHSAID, "sourceSystem is not a valid HSA-id: \(problem)")
            }
        case .dataController:
            if !Self.isOrganisationNumber(value), let problem = hsaIDProblem(value) {
                if Self.hasOrganisationNumberShape(value) {
                    report(.dataController, "dataController is an organisation number with a wrong check digit")
                } else if Self.looksLikeHSAID(value) {
                    report(.dataController, "dataController is not a valid HSA-id: \(problem)")
                } else {
                    report(
                        .dataControllerInternal,
                        "dataController is neither an organisation number nor an HSA-id: allowed only for a second-hand source-system-internal identity"
                    )
                }
                return
            }
            if value.uppercased() == sourceSystem {
                report(
                    .dataControllerIsSourceSystem,
                    "dataController equals sourceSystem; expected the data controller's organisation number")
            }
        default:
            break
        }
    }

    /// `mostRecentContent` on updates and not on deletes; nothing that Engagemangsindex sets itself.
    private func presenceRules(_ transaction: CapturedTransaction) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        let mostRecentContent = transaction.fields[.mostRecentContent]
        if Self.isDelete(transaction) {
            if let mostRecentContent {
                findings.append(
                    RuleFinding(
                        .mostRecentContentOnDelete, line: mostRecentContent.line, field: "mostRecentContent",
                        value: mostRecentContent.text, "a delete carries mostRecentContent"))
            }
        } else if mostRecentContent == nil {
            findings.append(
                RuleFinding(
                    .mostRecentContentMissing, line: transaction.line, field: "mostRecentContent",
                    "an update without mostRecentContent"))
        }
        let setByIndex = [EngagementField.creationTime, .updateTime, .owner].filter { transaction.fields[$0] != nil }
        if let first = setByIndex.first, let value = transaction.fields[first] {
            findings.append(
                RuleFinding(
                    .setByIndex, line: value.line, field: first.rawValue,
                    "\(setByIndex.map(\.rawValue).joined(separator: ", ")) present: the capture looks taken after Engagemangsindex, not what the booking system sent"
                ))
        }
        return findings
    }

    /// `[0-9]{8}[0-9A-Zptf]{4}` (EI TKB 1.0.9), the whole value.
    package static func matchesResidentPattern(_ value: String) -> Bool {
        let bytes = value.utf8
        guard bytes.count == 12 else { return false }
        var index = 0
        for byte in bytes {
            guard
                isDigit(byte)
                    || (index >= 8 && ((0x41...0x5A).contains(byte) || byte == 0x70 || byte == 0x74 || byte == 0x66))
            else {
                return false
            }
            index += 1
        }
        return true
    }

    /// The region whose local reserve format `value` (already matching the pattern) has, or nil:
    /// twelve digits beginning 99 (Region Stockholm), date + a letter + three digits (Västra
    /// Götaland), date + two letters + a digit + a letter (Värmland). A national reserve identity
    /// (letters in positions 9-10, then two digits) and a personal identity number are not local.
    package static func localReserveKind(_ value: String) -> String? {
        guard value.utf8.count == 12 else { return nil }
        // A personal identity number (the usual case) is twelve digits not beginning 99: no array is made for it.
        if value.utf8.allSatisfy(isDigit) {
            return value.utf8.starts(with: "99".utf8) ? "Region Stockholm's 99... form" : nil
        }
        let bytes = Array(value.utf8)
        let isLetter = { (byte: UInt8) in !isDigit(byte) }
        if bytes.allSatisfy(isDigit) {
            return bytes.starts(with: Array("99".utf8)) ? "Region Stockholm's 99... form" : nil
        }
        if isLetter(bytes[8]), bytes[9...].allSatisfy(isDigit) {
            return "a date, a letter and three digits, as Västra Götaland's"
        }
        if isLetter(bytes[8]), isLetter(bytes[9]), isDigit(bytes[10]), isLetter(bytes[11]) {
            return "a date, two letters, a digit and a letter, as Värmland's"
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Fourteen ASCII digits, whether or not they make a real date.
    package static func isTSFormat(_ value: String) -> Bool {
        value.utf8.count == 14 && value.utf8.allSatisfy(isDigit)
    }

    /// Written as an organisation number (with or without `SE` and `-`), whatever its check digit.
    package static func hasOrganisationNumberShape(_ value: String) -> Bool {
        var bytes = Array(value.utf8)
        if bytes.starts(with: Array("SE".utf8)) { bytes.removeFirst(2) }
        if bytes.count == 11, bytes[6] == UInt8(ascii: "-") { bytes.remove(at: 6) }
        return bytes.count == 10 && bytes.allSatisfy(isDigit)
    }

    /// Shaped like a national HSA-id (`SE`, ten digits, `-`, something): an invalid one is a mistake, not an internal id.
    package static func looksLikeHSAID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return bytes.count > 13 && bytes.starts(with: Array("SE".utf8)) && bytes[2..<12].allSatisfy(isDigit)
            && bytes[12] == UInt8(ascii: "-")
    }

    /// `2321000016`, `232100-0016` or `SE232100-0016` (also `SE2321000016`), with a valid Luhn digit.
    package static func isOrganisationNumber(_ value: String) -> Bool {
        var digits: [Int] = []
        digits.reserveCapacity(10)
        var position = 0
        for byte in value.utf8.dropFirst(value.utf8.starts(with: "SE".utf8) ? 2 : 0) {
            if isDigit(byte) {
                digits.append(Int(byte) - 0x30)
            } else if !(byte == UInt8(ascii: "-") && position == 6) {
                return false
            }
            position += 1
        }
        // Ten digits, with at most a `-` as the seventh character (eleven in all).
        guard digits.count == 10 else { return false }
        return HSAIDAnalysis.hasLuhnCheckDigit(digits)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends (XML's white space).
    package func trimmingSpaces() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        let isSpaceByte = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if !isSpaceByte(first), !isSpaceByte(last) { return self }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
