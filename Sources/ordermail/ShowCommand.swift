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
        let configuration = try common.configuration()
        let ledger = try common.openExistingLedger(configuration)
        guard let order = try ledger.order(id: id) else {
            throw OrderMailError.ledger("order: there is no order \(id)", .data)
        }
        // A compliance check recorded as an order before schema 8 is shown as the check it is.
        if order.kind == .complianceCheck, !eml, let check = try ledger.complianceCheck(id: id) {
            Console.write(Array(ComplianceCheckView.text(check).utf8))
            return
        }
        if eml {
            guard order.kind.channel == .email, !order.message.isEmpty else {
                throw OrderMailError.ledger(
                    "order \(id) has no stored message (a \(order.kind.rawValue) order\(order.kind.channel == .email ? " placed outside ordermail" : ""))",
                    .data)
            }
            Console.write(order.message)
            return
        }
        let text =
            order.kind.channel == .email && !order.message.isEmpty
            ? try? ParsedMail(bytes: order.message, location: "order \(id)") : nil
        let body = text?.text
        let view = OrderView.text(
            of: order, units: try ledger.units(ofOrder: id), events: try ledger.events(ofOrder: id, withMail: false),
            status: try ledger.status(ofOrder: id), subject: text?.subject, body: body,
            mail: { event in (try? ledger.mail(ofEvent: event.sequence)) ?? nil },
            zone: configuration.displayZone(environment: CommonOptions.environment))
        Console.write(Array(view.utf8))
    }
}
