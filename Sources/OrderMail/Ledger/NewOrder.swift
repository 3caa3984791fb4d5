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
            toolVersion: OrderMailVersion.current, recordedBy: ""))
    }

    /// The record as stored at `createdAt`, by the current user.
    func record(createdAt: String, recordedBy: String) -> OrderRecord {
        var record = template
        record.createdAt = createdAt
        record.recordedBy = recordedBy
        return record
    }
}
