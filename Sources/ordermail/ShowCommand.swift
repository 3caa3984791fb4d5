import ArgumentParser
import Foundation
import OrderMail

/// `ordermail show`: one order, every field and its history.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one order: every field and its history.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The order's id, as list shows it.")
    var id: Int64

    @Flag(help: "Print the exact stored message bytes instead.")
    var eml = false

    func run() throws {
        let ledger = try common.openExistingLedger()
        guard let order = try ledger.order(id: id) else { throw OrderMailError.ledger("there is no order \(id)", .data) }
        if eml {
            Console.write(order.message)
            return
        }
        let events = try ledger.events(ofOrder: id)
        let fields: [(String, String?)] = [
            ("id", String(order.id)), ("created", order.createdAt), ("kind", order.kind.rawValue),
            ("environment", order.environment), ("platform", order.platform), ("hsa-id", order.hsaID),
            ("hsa-id (compared as)", order.hsaIDNormalized),
            ("nonstandard hsa-id allowed", order.nonstandardHSAID ? "yes" : nil), ("system name", order.systemName),
            ("region", order.region), ("region hsa-id", order.regionHSAID), ("contact", order.contactName),
            ("contact e-mail", order.contactEmail), ("contact phone", order.contactPhone), ("reference", order.reference),
            ("vendor", order.vendor), ("requested date", order.requestedDate),
            ("compliance confirmed", order.complianceConfirmed ? "yes" : "no"), ("language", order.language),
            ("to", order.recipients), ("cc", order.copies.isEmpty ? nil : order.copies), ("sender", order.sender),
            ("message-id", order.messageID.isEmpty ? nil : "<\(order.messageID)>"),
            ("message sha-256", order.message.isEmpty ? nil : order.messageSHA256),
            ("message size", order.message.isEmpty ? nil : "\(order.message.count) bytes"), ("recorded by", order.recordedBy),
            ("document", order.document?.name), ("units", order.document.map { String($0.unitCount) }),
            ("contracts", order.document.map { String($0.contractCount) }), ("document sha-256", order.document?.sha256),
            ("tool version", order.toolVersion), ("status", events.last?.type.rawValue),
        ]
        var lines = fields.compactMap { name, value in
            value.flatMap { $0.isEmpty ? nil : "\(name + ":")\(String(repeating: " ", count: max(1, 28 - name.count)))\($0)" }
        }
        lines.append("history:")
        for event in events {
            var line = "  \(event.at)  \(event.type.rawValue)  by \(event.recordedBy)"
            if let supportCase = event.supportCase { line += "  case \(supportCase)" }
            if let detail = event.detail { line += "  \(detail)" }
            if let note = event.note { line += "  note: \(note)" }
            lines.append(line)
        }
        Console.write(Array((lines.joined(separator: "\n") + "\n").utf8))
    }
}
