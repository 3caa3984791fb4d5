import Foundation

/// An order about to be stored: everything but the id and the time, which the ledger assigns.
public struct NewOrder: Equatable, Sendable {
    var template: OrderRecord

    /// A whitelisting order with the message composed for it.
    public static func whitelisting(_ order: WhitelistingOrder, message: ComposedMessage, addressing: Addressing) -> NewOrder {
        NewOrder(template: OrderRecord(
            id: 0, createdAt: "", kind: .whitelisting, environment: order.environment.rawValue, platform: nil,
            hsaID: order.sourceSystem.verbatim, hsaIDNormalized: order.sourceSystem.normalized,
            nonstandardHSAID: order.sourceSystem.form == .nonstandard, systemName: order.systemName.value,
            region: order.region.value, regionHSAID: order.regionHSAID?.verbatim, contactName: order.contact.name.value,
            contactEmail: order.contact.email.address, contactPhone: order.contact.phone?.value,
            reference: order.reference?.value, vendor: order.vendor?.value, requestedDate: order.requestedDate?.description,
            complianceConfirmed: order.complianceConfirmed, language: order.language.rawValue,
            recipients: addressing.to.map(\.address).joined(separator: ", "),
            copies: addressing.cc.map(\.address).joined(separator: ", "), sender: addressing.sender?.address,
            messageID: message.messageID, messageSHA256: SHA256.hex(message.bytes), message: message.bytes,
            toolVersion: OrderMailVersion.current, recordedBy: "", document: nil))
    }

    /// A bulk-TAK document as written: the producer in place of the system, the executor in place of
    /// the region, the document's name, counts and SHA-256 in place of a message.
    public static func bulkTAK(_ written: WrittenDocument, executor: String, contact: (name: String, email: String)?) -> NewOrder {
        let document = written.document
        let fileName = (written.workbookPath ?? written.jsonPath).map { URL(fileURLWithPath: $0).lastPathComponent } ?? document.baseName
        return NewOrder(template: OrderRecord(
            id: 0, createdAt: "", kind: .bulkTAK, environment: nil, platform: document.platform.rawValue,
            hsaID: document.producer.hsaID.verbatim, hsaIDNormalized: document.producer.hsaID.normalized,
            nonstandardHSAID: document.producer.hsaID.form == .nonstandard
                || document.units.contains { $0.hsaID.form == .nonstandard },
            systemName: document.producer.name, region: executor, regionHSAID: nil,
            contactName: contact?.name ?? "", contactEmail: contact?.email ?? "", contactPhone: nil, reference: nil,
            vendor: nil, requestedDate: nil, complianceConfirmed: false, language: Language.sv.rawValue, recipients: "",
            copies: "", sender: nil, messageID: "", messageSHA256: SHA256.hex([UInt8]()), message: [],
            toolVersion: OrderMailVersion.current, recordedBy: "",
            document: DocumentFacts(
                unitCount: document.units.count, contractCount: document.bindings.count, name: fileName,
                sha256: written.documentSHA256)))
    }

    /// The record as stored at `createdAt`, by the current user.
    func record(createdAt: String, recordedBy: String) -> OrderRecord {
        var record = template
        record.createdAt = createdAt
        record.recordedBy = recordedBy
        return record
    }
}
