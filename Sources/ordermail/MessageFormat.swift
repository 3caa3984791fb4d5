import ArgumentParser
import Foundation
import OrderMail

/// How `compose` prints an order.
enum MessageFormat: String, ExpressibleByArgument, CaseIterable {
    case eml
    case json

    /// The bytes to print for `message`.
    func render(_ composition: WhitelistingComposition, orderID: Int64?) throws -> [UInt8] {
        let message = composition.message
        switch self {
        case .eml:
            return message.bytes
        case .json:
            let document = ComposedOrderDocument(
                orderID: orderID, order: composition.order, to: composition.addressing.to,
                cc: composition.addressing.cc, subject: message.text.subject, body: message.text.body,
                messageID: message.messageID, date: message.date, message: message.wireForm)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(document)) + [UInt8(ascii: "\n")]
        }
    }
}

/// The JSON that `compose --format json` prints.
private struct ComposedOrderDocument: Encodable {
    var orderID: Int64?
    var order: WhitelistingOrder
    var to: [EmailAddress]
    var cc: [EmailAddress]
    var subject: String
    var body: String
    var messageID: String
    var date: String
    var message: String
}
