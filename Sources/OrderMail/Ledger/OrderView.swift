import Foundation
import OrderMailCore
import OrderMailMailFormat

/// The readable view of an order that `show` and `compose --format text` print: its fields, its
/// subject and body as text, and its history. Everything passes through ``TerminalText`` first,
/// so that nothing planted in the ledger can move the cursor, recolour or reorder the terminal.
public enum OrderView {
    /// The view of an order just composed.
    public static func text(of composition: WhitelistingComposition) -> String {
        var record = NewOrder.whitelisting(composition).record
        record.id = 0
        return render(
            fields: fields(of: record, status: nil), subject: composition.message.text.subject,
            body: composition.message.text.body, history: [])
    }

    /// The view of an activation order just composed, with its units.
    public static func text(of composition: ActivationComposition) -> String {
        let new = composition.newOrder
        return render(
            fields: fields(of: new.record, status: nil), subject: composition.message.text.subject,
            body: composition.message.text.body, history: [], units: unitLines(new.units))
    }

    /// The view of a stored order with its history; `subject` and `body` are the decoded message.
    /// A reply's bytes come from the event or, when it was read without them, from `mail`, one
    /// reply at a time. Times are shown in `zone`; a reply's own `Date:` is shown as the answer's date.
    public static func text(
        of order: OrderRecord, units: [UnitRecord], events: [EventRecord], status: EventType, subject: String?,
        body: String?,
        mail: (EventRecord) -> [UInt8]? = { $0.mail }, zone: TimeZone = DateFormats.utc
    ) -> String {
        var history = events.map { event in
            var line = "  \(DateFormats.local(event.at, in: zone))  \(event.type.rawValue)  by \(event.recordedBy)"
            if let osUser = event.osUser, osUser != event.recordedBy { line += " (account \(osUser))" }
            if let supportCase = event.supportCase { line += "  case \(supportCase)" }
            if let effective = event.effectiveDate { line += "  effective \(effective)" }
            if let detail = event.detail { line += "  \(detail)" }
            if let assigned = event.serverMessageID { line += "  server's Message-ID <\(assigned)>" }
            if let note = event.note { line += "  note: \(note)" }
            if let listed = event.units?.split(separator: "\n") {
                line += "  for \(listed.count.counted("unit")) of \(units.count): \(listed.joined(separator: " "))"
            }
            return line
        }
        if status != events.last?.type {
            history.append("  (the attempt is over without an outcome: the status is \(status.rawValue))")
        }
        var text = render(
            fields: fields(of: order, status: status, zone: zone), subject: subject, body: body, history: history,
            units: unitLines(units))
        for event in events where event.type == .replied {
            guard let bytes = event.mail ?? mail(event),
                let reply = try? ParsedMail(bytes: bytes, location: "event \(event.sequence)")
            else { continue }
            let written = reply.date.map { "written \(DateFormats.local($0, in: zone)), " } ?? ""
            text +=
                "\nreply \(written)recorded \(DateFormats.local(event.at, in: zone)), from \(TerminalText.escaped(reply.from)): \(TerminalText.escaped(reply.subject))\n"
            text += TerminalText.escaped(reply.text, keepingLineFeeds: true).trimmingWhitespace + "\n"
        }
        return text
    }

    private static func fields(of order: OrderRecord, status: EventType?, zone: TimeZone = DateFormats.utc) -> [(
        String, String?
    )] {
        let bulk = order.kind == .bulkTAK
        return [
            ("id", order.id == 0 ? nil : String(order.id)),
            ("created", order.createdAt.isEmpty ? nil : DateFormats.local(order.createdAt, in: zone)),
            ("kind", order.kind.rawValue), ("status", status?.rawValue), ("environment", order.environment),
            ("platform", order.platform), (bulk ? "producer hsa-id" : "hsa-id", order.hsaID),
            ("nonstandard hsa-id allowed", order.nonstandardHSAID ? "yes" : nil),
            (bulk ? "producer" : "system name", bulk ? order.producer : order.systemName),
            (bulk ? "executor" : "region", bulk ? order.executorName : order.region),
            ("region hsa-id", order.regionHSAID),
            ("contact", order.contactName), ("contact e-mail", order.contactEmail),
            ("contact phone", order.contactPhone),
            ("reference", order.reference), ("vendor", order.vendor), ("requested date", order.requestedDate),
            ("compliance confirmed", order.kind == .whitelisting ? (order.complianceConfirmed ? "yes" : "no") : nil),
            ("despite failed check", order.overriddenCheck.map(String.init)),
            ("language", bulk ? nil : order.language), ("to", order.recipients), ("cc", order.copies),
            ("sender", order.sender),
            ("message-id", order.messageID.isEmpty ? nil : "<\(order.messageID)>"),
            ("message sha-256", order.message.isEmpty ? nil : order.messageSHA256),
            ("message size", order.message.isEmpty ? nil : "\(order.message.count) bytes"),
            ("recorded by", order.recordedBy),
            ("document", order.documentName), ("units", order.unitCount.map(String.init)),
            ("contracts", order.contractCount.map(String.init)), ("document sha-256", order.documentSHA256),
            ("json sha-256", order.jsonSHA256), ("tool version", order.toolVersion),
        ]
    }

    /// An order's units, one per line: HSA-id and name.
    private static func unitLines(_ units: [UnitRecord]) -> [String] {
        units.isEmpty
            ? []
            : ["", "units listed (\(units.count)):"]
                + units.map { "  \(TerminalText.escaped($0.hsaID))  \(TerminalText.escaped($0.name))" }
    }

    private static func render(
        fields: [(String, String?)], subject: String?, body: String?, history: [String], units: [String] = []
    ) -> String {
        var lines = fields.compactMap { name, value in
            value.flatMap {
                $0.isEmpty
                    ? nil
                    : "\(name + ":")\(String(repeating: " ", count: max(1, 28 - name.count)))\(TerminalText.escaped($0))"
            }
        }
        lines += units
        if let subject { lines += ["", "subject: \(TerminalText.escaped(subject))"] }
        if let body { lines += ["", TerminalText.escaped(body, keepingLineFeeds: true).trimmingWhitespace] }
        if !history.isEmpty { lines += ["", "history:"] + history.map { TerminalText.escaped($0) } }
        return lines.joined(separator: "\n") + "\n"
    }
}
