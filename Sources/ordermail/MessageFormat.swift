import ArgumentParser
import OrderMail

/// How `compose` prints an order.
enum MessageFormat: String, CaseIterable, ExpressibleByArgument {
    /// The exact bytes, as stored and sent.
    case eml
    /// The readable view: fields, subject and body as text.
    case text
    /// The validated order with its subject, body and message, for scripts.
    case json

    /// The bytes to print for `composition`, recorded in the ledger as `orderID` (nil: not recorded).
    func render(_ composition: WhitelistingComposition, orderID: Int64?, outlookDraft: Bool) throws -> [UInt8] {
        switch self {
        case .eml: outlookDraft ? composition.message.outlookDraftBytes : composition.message.bytes
        case .text: Array(OrderView.text(of: composition).utf8)
        case .json: try composition.jsonDocument(orderID: orderID)
        }
    }
}
