import OrderMailCore

/// How much a finding weighs: any error fails the check (exit 65); warnings and notes do not.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case error, warning, info

    /// Errors first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }
}

/// One rule that `check-updates` applies, with where it comes from.
public struct ComplianceRule: Hashable, Codable, Sendable {
    public let id: String
    public let severity: Severity
    /// One line on what the rule asks for.
    public let explanation: String
    /// The public document or code the rule is taken from.
    public let source: String
}

/// Every rule, in the order `--list-rules` prints them.
extension ComplianceRule {
    package static let schemaSource =
        "EI schema itintegration_engagementindex_1.0.xsd and UpdateResponder_1.0.xsd (skltp/ei)"
    package static let validatorSource = "Engagemangsindex's EngagementValidator.java (skltp/ei)"
    package static let tkbSource = "Tidbokning TKB 1.1.5 section 3.4 (crm_scheduling), Engagemangsindex TKB 1.0.9"
    package static let tkb2Source = "Tidbokning TKB 2.0 RC2 (supportprocess_logistics_scheduling)"

    public static let malformed = ComplianceRule(
        id: "xml.malformed", severity: .error,
        explanation:
            "a request that is not well-formed XML (truncated, DOCTYPE, too deep, bad UTF-8) is refused by the platform",
        source: "XML 1.0; libxml2 as the platform parses it")
    public static let elementOrder = ComplianceRule(
        id: "schema.element-order", severity: .error,
        explanation:
            "elements of Update, engagementTransaction and engagement have the schema's names and order; other namespaces only where xs:any allows",
        source: schemaSource)
    public static let requiredElement = ComplianceRule(
        id: "schema.required-element", severity: .error,
        explanation: "every element the schema requires is present",
        source: schemaSource)
    public static let deleteFlag = ComplianceRule(
        id: "schema.delete-flag", severity: .error,
        explanation: "deleteFlag is an xs:boolean: true, false, 1 or 0",
        source: schemaSource)
    public static let timestamp = ComplianceRule(
        id: "schema.timestamp", severity: .error,
        explanation: "mostRecentContent, creationTime and updateTime are TS: yyyyMMddHHmmss, a real date and time",
        source: schemaSource + "; " + validatorSource)
    public static let residentIdentification = ComplianceRule(
        id: "schema.resident-identification", severity: .error,
        explanation:
            "registeredResidentIdentification matches [0-9]{8}[0-9A-Zptf]{4} (a national reserve identity has letters in positions 9-10)",
        source: "Engagemangsindex TKB 1.0.9 section 9.2; " + schemaSource)
    public static let localReserveIdentity = ComplianceRule(
        id: "tkb.local-reserve-identity", severity: .warning,
        explanation:
            "a local reserve identity (a region's own format, e.g. Region Stockholm's 99..., VGR's date + letter + 3 digits, Värmland's date + SU + digit + letter) is not sent to the national index",
        source: "Engagemangsindex TKB 1.0.9 kR4, section 9.3.4; Inera, Lokala Reservidn")
    public static let transactionCount = ComplianceRule(
        id: "ei.transaction-count", severity: .error,
        explanation: "a request holds 1 to 1000 engagementTransaction elements",
        source: schemaSource + "; " + validatorSource + "; EI TKB kR3")
    public static let emptyValue = ComplianceRule(
        id: "ei.empty-value", severity: .error,
        explanation: "required fields are not empty",
        source: validatorSource)
    public static let surroundingWhiteSpace = ComplianceRule(
        id: "ei.white-space", severity: .error,
        explanation: "no value has leading or trailing white space",
        source: validatorSource)
    public static let maximumLength = ComplianceRule(
        id: "ei.maximum-length", severity: .error,
        explanation:
            "values keep Engagemangsindex's maximum lengths (e.g. businessObjectInstanceIdentifier 128, sourceSystem 64)",
        source: validatorSource)
    public static let reservedID = ComplianceRule(
        id: "ei.reserved-id", severity: .error,
        explanation: "sourceSystem and logicalAddress are not the index's own id 5565594230",
        source: validatorSource)
    public static let duplicateKey = ComplianceRule(
        id: "ei.duplicate-key", severity: .error,
        explanation: "no two engagements of one request have the same key (every field but mostRecentContent)",
        source: validatorSource + "; EI TKB kR1")
    public static let headerLogicalAddress = ComplianceRule(
        id: "ei.header-logical-address", severity: .error,
        explanation:
            "a SOAP request carries the RIVTA header LogicalAddress, and it is the index's own id (5565594230 nationally, --index-address for a regional index; else EI003)",
        source: "skltp/ei EngagementValidator.validateLogicalAddress; RIVTA itintegration_registry_1.0.xsd")
    public static let soapVersion = ComplianceRule(
        id: "ei.soap-version", severity: .error,
        explanation:
            "the request is a SOAP 1.1 envelope: the WSDL binds SOAP 1.1 and the index's endpoint refuses SOAP 1.2",
        source: "UpdateInteraction_1.0_RIVTABP21.wsdl; skltp/ei EiFrontendRoute, EICxfConfigurer")
    public static let serviceDomain = ComplianceRule(
        id: "tkb.service-domain", severity: .error,
        explanation:
            "serviceDomain is riv:crm:scheduling (TKB 1.1) or riv:supportprocess:logistics:scheduling (TKB 2.0); else 1177 is never told",
        source: tkbSource + "; " + tkb2Source)
    public static let categorization = ComplianceRule(
        id: "tkb.categorization", severity: .error,
        explanation: "categorization is NA (since TKB 1.1.2)",
        source: tkbSource)
    public static let clinicalProcessInterestID = ComplianceRule(
        id: "tkb.clinical-process-interest-id", severity: .error,
        explanation: "clinicalProcessInterestId is NA",
        source: tkbSource)
    public static let logicalAddressHSAID = ComplianceRule(
        id: "tkb.logical-address", severity: .error,
        explanation: "logicalAddress is the care unit's valid HSA-id",
        source: tkbSource)
    public static let logicalAddressIsSourceSystem = ComplianceRule(
        id: "tkb.logical-address-is-source-system", severity: .error,
        explanation: "logicalAddress is the care unit's HSA-id; the booking system's own HSA-id is never a unit",
        source: "Tidbokning TKB 1.1.5 sections 3.2, 3.4.1")
    public static let sourceSystemHSAID = ComplianceRule(
        id: "tkb.source-system", severity: .error,
        explanation: "sourceSystem is the booking system's valid HSA-id",
        source: tkbSource)
    public static let sourceSystemSpelling = ComplianceRule(
        id: "tkb.source-system-spelling", severity: .error,
        explanation:
            "sourceSystem is spelt exactly as ordered (--source-system): the index's record key is a SHA-256 of the exact strings, so a case-only difference is another system",
        source: "skltp/ei Hash.generateHashId; the order's \"exakt det värde som systemet skickar\"")
    public static let sourceSystemNearMiss = ComplianceRule(
        id: "tkb.source-system-near-miss", severity: .warning,
        explanation:
            "another sourceSystem that is a near miss of the one checked (a prefix, one character off): perhaps a misspelling; an error when it shares bookings or units with the system checked",
        source: "ordermail (the project's judgement)")
    public static let sourceSystemNearMissShared = ComplianceRule(
        id: "tkb.source-system-near-miss-shared", severity: .error,
        explanation:
            "another sourceSystem that is a near miss of the one checked and shares bookings or units with it: a misspelling the index keeps as another system",
        source: "ordermail (the project's judgement); skltp/ei Hash.generateHashId")
    public static let mostRecentContentMissing = ComplianceRule(
        id: "tkb.most-recent-content-missing", severity: .error,
        explanation: "every update carries mostRecentContent (the booking's start; TKB 2.0: the time of the change)",
        source: tkbSource + "; " + tkb2Source)
    public static let mostRecentContentOnDelete = ComplianceRule(
        id: "tkb.most-recent-content-on-delete", severity: .error,
        explanation: "a delete carries the full key and no mostRecentContent",
        source: tkbSource)
    public static let setByIndex = ComplianceRule(
        id: "tkb.set-by-index", severity: .error,
        explanation:
            "creationTime, updateTime and owner are never sent: Engagemangsindex sets them (present: the capture was taken after the index)",
        source: tkbSource)
    public static let dataController = ComplianceRule(
        id: "tkb.data-controller", severity: .error,
        explanation:
            "dataController is not an organisation number with a wrong check digit (2321000016, 232100-0016, SE232100-0016) or an invalid HSA-id",
        source: "Engagemangsindex TKB 1.0.9 sections 2.1.3, 8.2")
    public static let dataControllerInternal = ComplianceRule(
        id: "tkb.data-controller-internal", severity: .warning,
        explanation:
            "dataController is an organisation number or HSA-id first-hand; a source-system-internal identity is allowed only second-hand",
        source: "Engagemangsindex TKB 1.0.9 sections 2.1.3, 8.2")
    public static let dataControllerIsSourceSystem = ComplianceRule(
        id: "tkb.data-controller-is-source-system", severity: .warning,
        explanation: "the source system's HSA-id is no longer self-evidently allowed as dataController",
        source: "Engagemangsindex TKB 1.0.9")
    public static let pastBooking = ComplianceRule(
        id: "tkb.past-booking", severity: .warning,
        explanation:
            "only future bookings belong in the index: an update whose mostRecentContent (the booking's start) lies before its moment of capture; the TKB wants the booking deleted once its start has passed",
        source: "Tidbokning TKB 1.1.5 sections 3.4.1, 3.4.3, 3.4.6")
    public static let captureTimeUnknown = ComplianceRule(
        id: "tkb.capture-time-unknown", severity: .info,
        explanation: "no timestamp before the request and no --captured-at: the past-booking rule was skipped for it",
        source: tkbSource)
    public static let deleteKeyMismatch = ComplianceRule(
        id: "booking.delete-key-mismatch", severity: .error,
        explanation:
            "a delete whose key differs from the booking's record in a field (case included) matches nothing: the index's record stays in place",
        source: tkbSource)
    public static let keyChanged = ComplianceRule(
        id: "booking.key-changed", severity: .error,
        explanation:
            "a key field changed for a booking without a delete of the earlier record (the TKB says delete and recreate)",
        source: tkbSource)
    public static let deleteUnknown = ComplianceRule(
        id: "booking.delete-unknown", severity: .info,
        explanation: "a delete of a booking not seen before in the capture",
        source: tkbSource)
    public static let orderUnknown = ComplianceRule(
        id: "booking.order-unknown", severity: .warning,
        explanation:
            "a finding that depends on the order of requests (a delete of a booking not seen before, an unchanged resend) in a capture whose order across inputs the timestamps do not establish: it may rest on a guessed order, so it is never below a warning",
        source: "ordermail")
    public static let unchangedResend = ComplianceRule(
        id: "booking.unchanged-resend", severity: .info,
        explanation: "the same key sent again with an unchanged mostRecentContent: 1177 gets no new message",
        source: "Engagemangsindex TKB 1.0.9 (notification)")
    public static let unitNotListed = ComplianceRule(
        id: "units.not-listed", severity: .warning,
        explanation:
            "a logicalAddress that is not in the --units list, or not activated in the ledger (--units-from-ledger): a unit perhaps not activated in 1177",
        source: "1177's guidance: units activated on the HSA-ids given as logical addresses")
    public static let consumerDiffers = ComplianceRule(
        id: "platform.consumer-differs", severity: .info,
        explanation:
            "the platform's originalServiceconsumerHsaid differs from sourceSystem: an order on the certificate's id would not match",
        source: "SKLTP VP logging (skltp/vp doc/config/logging_configuration.md)")
    public static let errorResponse = ComplianceRule(
        id: "response.error", severity: .warning,
        explanation:
            "an UpdateResponse with ResultCode ERROR or a SOAP fault: a system that ignores it loses bookings silently",
        source: "UpdateResponder_1.0.xsd; Engagemangsindex TKB 1.0.9")
    public static let otherSourceSystem = ComplianceRule(
        id: "input.other-source-system", severity: .info,
        explanation: "engagements of another sourceSystem than the one checked, counted per value",
        source: "ordermail")
    public static let noRequest = ComplianceRule(
        id: "input.no-request", severity: .info,
        explanation: "a file without any Update request or response in it",
        source: "ordermail")
    public static let noEngagement = ComplianceRule(
        id: "input.no-engagement", severity: .error,
        explanation: "no engagement of the system checked: there is nothing to base evidence on",
        source: "ordermail")
    public static let unreadable = ComplianceRule(
        id: "input.unreadable", severity: .error,
        explanation: "a file that cannot be read or decompressed, or a line or request over the size limit",
        source: "ordermail")

    /// Every rule.
    public static let all: [ComplianceRule] = [
        malformed, elementOrder, requiredElement, deleteFlag, timestamp, residentIdentification,
        transactionCount, emptyValue, surroundingWhiteSpace, maximumLength, reservedID, duplicateKey,
        headerLogicalAddress, soapVersion, serviceDomain, categorization, clinicalProcessInterestID,
        logicalAddressHSAID,
        logicalAddressIsSourceSystem, sourceSystemHSAID, sourceSystemSpelling, sourceSystemNearMiss,
        sourceSystemNearMissShared,
        mostRecentContentMissing, mostRecentContentOnDelete, setByIndex, dataController, dataControllerInternal,
        dataControllerIsSourceSystem, localReserveIdentity, pastBooking, captureTimeUnknown,
        deleteKeyMismatch, keyChanged, deleteUnknown, orderUnknown, unchangedResend, unitNotListed, consumerDiffers,
        errorResponse, otherSourceSystem, noRequest, noEngagement, unreadable,
    ]
}
