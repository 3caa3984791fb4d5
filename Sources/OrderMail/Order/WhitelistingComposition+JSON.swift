import Foundation
import OrderMailCore

extension WhitelistingComposition {
    /// The validated order with its addresses, subject, body and message, as `compose --format json`
    /// prints it for scripts; `orderID` is the ledger's id for it.
    public func jsonDocument(orderID: Int64?) throws -> [UInt8] {
        let document = Document(
            orderID: orderID, order: order, to: addressing.to, cc: addressing.cc, sender: addressing.sender,
            subject: message.text.subject, body: message.text.body, messageID: message.messageID, date: message.date,
            message: message.wireForm, warnings: warnings)
        return try JSONDocument.encode(document)
    }

    private struct Document: Encodable {
        var orderID: Int64?
        var order: WhitelistingOrder
        var to: [EmailAddress]
        var cc: [EmailAddress]
        var sender: EmailAddress?
        var subject: String
        var body: String
        var messageID: String
        var date: String
        var message: String
        var warnings: [String]
    }
}
