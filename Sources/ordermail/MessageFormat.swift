import ArgumentParser
import OrderMail

/// How `compose` prints an order.
enum MessageFormat: String, ArgumentChoice {
    case eml
    case json

    /// The bytes to print for `composition`, recorded in the ledger as `orderID`.
    func render(_ composition: WhitelistingComposition, orderID: Int64) throws -> [UInt8] {
        switch self {
        case .eml: composition.message.bytes
        case .json: try composition.jsonDocument(orderID: orderID)
        }
    }
}
