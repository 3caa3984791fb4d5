import Foundation
import OrderMailCore

/// Messages that came back (replies, bounces, automatic answers) as the ledger keeps them.
extension Ledger {
    /// The order an imported message was recorded on, found by its Message-ID, else its SHA-256.
    func orderHolding(messageID: String?, sha256: String) throws(OrderMailError) -> Int64? {
        let rows = try run {
            try database.query(
                "SELECT order_id FROM events WHERE (mail_message_id IS NOT NULL AND mail_message_id = ?) OR mail_sha256 = ? LIMIT 1",
                [messageID.map(SQLValue.text) ?? .null, .text(sha256)])
        }
        return rows.first?.first?.integer
    }

    /// For each order, the Message-IDs servers assigned, those of our follow-ups in its thread, and
    /// the case numbers recorded on it.
    func messageIDsAndCases() throws(OrderMailError) -> [Int64: (messageIDs: [String], cases: [String])] {
        let rows = try run {
            try database.query(
                """
                SELECT order_id, CASE WHEN type = '\(EventType.followUp.rawValue)' THEN mail_message_id ELSE server_message_id END, support_case
                FROM events
                WHERE server_message_id IS NOT NULL OR support_case IS NOT NULL OR type = '\(EventType.followUp.rawValue)'
                ORDER BY sequence
                """)
        }
        var result: [Int64: (messageIDs: [String], cases: [String])] = [:]
        for row in rows {
            guard let id = row[0].integer else { continue }
            var entry = result[id] ?? ([], [])
            if let assigned = row[1].text { entry.messageIDs.append(assigned) }
            if let supportCase = row[2].text, !entry.cases.contains(supportCase) { entry.cases.append(supportCase) }
            result[id] = entry
        }
        return result
    }
}

extension Ledger {
    /// The keys an imported message is known by: its SHA-256, and its Message-ID when it has one.
    static func mailKeys(_ mail: ReceivedMessage) -> [String] {
        ["sha256:" + mail.sha256] + (mail.messageID.map { ["message-id:" + $0] } ?? [])
    }

    /// Claims `mail`'s keys for the event at `sequence`, inside the transaction that writes it; a
    /// message recorded before is refused by the keys' uniqueness.
    func recordMailKeys(_ mail: ReceivedMessage, sequence: Int64) throws(OrderMailError) {
        for key in Self.mailKeys(mail) {
            do {
                _ = try database.query(
                    "INSERT INTO imported_mail (key, sequence) VALUES (?, ?)", [.text(key), .integer(sequence)])
            } catch  where error.isConstraintViolation {
                let holder = (try? orderHolding(messageID: mail.messageID, sha256: mail.sha256)).flatMap { $0 }
                throw .ledger(
                    "ledger: this message (\(key.hasPrefix("sha256:") ? "SHA-256" : "Message-ID") \(Quoted(String(key.drop { $0 != ":" }.dropFirst())))) is recorded already\(holder.map { " on order \($0)" } ?? ""); it is recorded once only",
                    .data)
            } catch {
                throw error.orderMailError(location.path)
            }
        }
    }
}
