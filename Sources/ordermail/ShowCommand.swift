import ArgumentParser
import Foundation
import OrderMail

/// `ordermail show`: one order, every field, its text and its history.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one order: every field, its subject and body as text, and its history.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Flag(help: "Print the exact stored message bytes instead.")
    var eml = false

    func run() throws {
        let ledger = try common.openExistingLedger()
        guard let order = try ledger.order(id: id) else { throw OrderMailError.ledger("order: there is no order \(id)", .data) }
        if eml {
            guard order.kind.channel == .email, !order.message.isEmpty else {
                throw OrderMailError.ledger("order \(id) has no stored message (a \(order.kind.rawValue) order\(order.kind.channel == .email ? " placed outside ordermail" : ""))", .data)
            }
            Console.write(order.message)
            return
        }
        // A compliance check keeps its summary, JSON, where an order keeps its message.
        let text = order.kind.channel == .email && !order.message.isEmpty ? try? ParsedMail(bytes: order.message, location: "order \(id)") : nil
        let body = order.kind == .complianceCheck ? String(decoding: order.message, as: UTF8.self) : text?.text
        let view = OrderView.text(
            of: order, units: try ledger.units(ofOrder: id), events: try ledger.events(ofOrder: id, withMail: false),
            status: try ledger.status(ofOrder: id), subject: text?.subject, body: body,
            mail: { event in (try? ledger.mail(ofEvent: event.sequence)) ?? nil })
        Console.write(Array(view.utf8))
    }
}
