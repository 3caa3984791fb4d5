import Foundation
import OrderMailCompliance
import OrderMailCore

/// An order about to be stored: everything but the id, the time and the operator, which the
/// ledger assigns.
public struct NewOrder: Equatable, Sendable {
    var record: OrderRecord
    /// A bulk-TAK order's units, kept so that "which order added unit X?" can be answered.
    var units: [UnitRecord] = []

    /// A whitelisting order with the message composed for it.
    public static func whitelisting(_ order: WhitelistingOrder, message: ComposedMessage, addressing: Addressing)
        -> NewOrder
    {
        var record = emailOrder(
            .whitelisting, region: order.region, regionHSAID: order.regionHSAID, contact: order.contact,
            reference: order.reference, language: order.language, message: message, addressing: addressing)
        record.environment = order.environment.rawValue
        record.hsaID = order.sourceSystem.verbatim
        record.hsaIDNormalized = order.sourceSystem.normalized
        record.nonstandardHSAID = order.sourceSystem.form == .nonstandard
        record.systemName = order.systemName.value
        record.vendor = order.vendor?.value
        record.requestedDate = order.requestedDate?.description
        record.complianceConfirmed = order.complianceConfirmed
        return NewOrder(record: record)
    }

    /// A composed whitelisting order, with the failing compliance check it overrides, if any.
    public static func whitelisting(_ composition: WhitelistingComposition) -> NewOrder {
        var new = whitelisting(composition.order, message: composition.message, addressing: composition.addressing)
        new.record.overriddenCheck = composition.overriddenCheck
        return new
    }

    /// A QA activation order with the message composed for it, and its units.
    public static func activation(_ order: ActivationOrder, message: ComposedMessage, addressing: Addressing)
        -> NewOrder
    {
        var record = emailOrder(
            .activation, region: order.region, regionHSAID: order.regionHSAID, contact: order.contact,
            reference: order.reference, language: order.language, message: message, addressing: addressing)
        record.environment = order.environment.rawValue
        // An activation order is about units, not one system: it has no HSA-id of its own (its
        // units are in order_units), so replies are matched by Message-ID, case and reference.
        record.systemName = order.units.count.counted("care unit")
        record.unitCount = Int64(order.units.count)
        return NewOrder(record: record, units: unitRecords(order.units))
    }

    /// Units the region's own 1177 administration activated (in production), recorded from what
    /// it said: no message; `by` names who activated them.
    public static func activationRecorded(
        environment: Environment, units: [ActivationUnit], region: String, by: String, reference: String?
    ) -> NewOrder {
        var record = OrderRecord()
        record.kind = .activation
        record.environment = environment.rawValue
        record.systemName = units.count.counted("care unit")
        record.region = region
        record.contactName = by
        record.reference = reference
        record.messageSHA256 = SHA256.hex([UInt8]())
        record.toolVersion = OrderMailVersion.current
        record.unitCount = Int64(units.count)
        return NewOrder(record: record, units: unitRecords(units))
    }

    /// What every order sent by e-mail records: who orders, the addressing and the message.
    private static func emailOrder(
        _ kind: OrderKind, region: OrderText, regionHSAID: HSAID?, contact: Contact, reference: OrderText?,
        language: Language, message: ComposedMessage, addressing: Addressing
    ) -> OrderRecord {
        var record = OrderRecord()
        record.kind = kind
        record.region = region.value
        record.regionHSAID = regionHSAID?.verbatim
        record.contactName = contact.name.value
        record.contactEmail = contact.email.address
        record.contactPhone = contact.phone?.value
        record.reference = reference?.value
        record.language = language.rawValue
        record.recipients = addressing.to.map(\.address).joined(separator: ", ")
        record.copies = addressing.cc.map(\.address).joined(separator: ", ")
        record.sender = addressing.sender?.address
        record.messageID = message.messageID
        record.messageSHA256 = SHA256.hex(message.bytes)
        record.message = message.bytes
        record.toolVersion = OrderMailVersion.current
        return record
    }

    private static func unitRecords(_ units: [ActivationUnit]) -> [UnitRecord] {
        units.map { UnitRecord(hsaID: $0.hsaID.verbatim, name: $0.name) }
    }

    /// A bulk-TAK document as written, with its units, counts and the SHA-256 of each file.
    public static func bulkTAK(_ written: WrittenDocument, executor: String, contact: (name: String, email: String)?)
        -> NewOrder
    {
        let document = written.document
        let fileName =
            (written.workbookPath ?? written.jsonPath).map { URL(fileURLWithPath: $0).lastPathComponent }
            ?? document.baseName
        var record = OrderRecord()
        record.kind = .bulkTAK
        record.platform = document.platform.rawValue
        record.hsaID = document.producer.hsaID.verbatim
        record.hsaIDNormalized = document.producer.hsaID.normalized
        record.nonstandardHSAID =
            document.producer.hsaID.form == .nonstandard || document.units.contains { $0.hsaID.form == .nonstandard }
        record.contactName = contact?.name ?? ""
        record.contactEmail = contact?.email ?? ""
        record.messageSHA256 = SHA256.hex([UInt8]())
        record.toolVersion = OrderMailVersion.current
        record.unitCount = Int64(document.units.count)
        record.contractCount = Int64(document.bindings.count)
        record.contracts = document.bindings.map(\.contract.namespace).joined(separator: "\n")
        record.documentName = fileName
        record.documentSHA256 = written.documentSHA256
        record.producerName = document.producer.name
        record.executor = executor
        record.jsonSHA256 = written.jsonPath.flatMap { FileManager.default.contents(atPath: $0) }.map {
            SHA256.hex(Array($0))
        }
        let units = document.units.map { UnitRecord(hsaID: $0.hsaID.normalized, name: $0.name) }
        return NewOrder(record: record, units: units)
    }

    /// A compliance check's summary: the system checked, the rule set and the verdict in columns,
    /// the whole summary as the record's JSON document (its SHA-256 beside it, covered by the chain).
    public static func complianceCheck(_ summary: ComplianceCheckSummary, environment: Environment?)
        throws(OrderMailError) -> NewOrder
    {
        let document: [UInt8]
        do { document = try JSONDocument.encode(summary) } catch {
            throw .invalidData("check-updates: the summary could not be encoded: \(error)")
        }
        var record = OrderRecord()
        record.kind = .complianceCheck
        record.environment = environment?.rawValue
        record.hsaID = summary.sourceSystem
        record.hsaIDNormalized = HSAIDAnalysis.upperCased(summary.sourceSystem)
        record.nonstandardHSAID = summary.sourceSystemForm == "nonstandard"
        record.systemName = "\(summary.ruleSet) v\(summary.ruleSetVersion): \(summary.verdict.rawValue)"
        record.message = document
        record.messageSHA256 = SHA256.hex(document)
        record.toolVersion = OrderMailVersion.current
        return NewOrder(record: record)
    }

    /// An order placed outside ordermail, as it was: the fields a register or a saved message
    /// holds, the addresses it went to when known, no message.
    public static func placedByHand(
        _ order: WhitelistingOrder, messageID: String?, recipients: [String], copies: [String]
    ) -> NewOrder {
        let none = Addressing(to: [], cc: [])
        var record = whitelisting(
            order,
            message: ComposedMessage(
                text: RenderedText(subject: "", body: ""), messageID: messageID ?? "", date: "", wireForm: ""),
            addressing: none
        ).record
        record.recipients = recipients.joined(separator: ", ")
        record.copies = copies.joined(separator: ", ")
        record.messageSHA256 = SHA256.hex([UInt8]())
        return NewOrder(record: record)
    }
}
