import OrderMailCore
import OrderMailMailFormat

/// The SMTP envelope of a stored message, read from the message itself: MAIL FROM is `Sender:`
/// (else `From:`), the recipients are exactly `To:` and `Cc:`. A stored message never has `Bcc:`;
/// one that does was changed after review and is refused.
public enum StoredEnvelope {
    /// The envelope of `message`; the error names `ordermail ledger verify`.
    public static func read(_ message: [UInt8], order id: Int64) throws(OrderMailError) -> SMTPEnvelope {
        let headers: MailHeaders
        do { headers = try MailHeaders.parse(message[...]).headers } catch {
            throw .invalidData(
                "order \(id): its stored message has an unreadable header section; run ordermail ledger verify")
        }
        let fields = headers.fields.map { (name: $0.name.lowercased(), value: $0.rawValue) }
        func refuse(_ reason: String) -> OrderMailError {
            .invalidData(
                "order \(id): \(reason); the stored message was changed after review: run ordermail ledger verify")
        }
        if fields.contains(where: { $0.name == "bcc" }) { throw refuse("the stored message has a Bcc: header") }
        func addresses(_ name: String) throws(OrderMailError) -> [EmailAddress] {
            var result: [EmailAddress] = []
            for field in fields where field.name == name {
                for part in field.value.split(separator: ",") {
                    var text = part.trimmingWhitespace
                    if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
                        text = String(text[text.index(after: open)..<close])
                    }
                    guard let address = try? EmailAddress(text, field: name) else {
                        throw refuse("its \(name) header holds \(Quoted(text)), which is not a plain address")
                    }
                    result.append(address)
                }
            }
            return result
        }
        let recipients = try addresses("to") + addresses("cc")
        guard !recipients.isEmpty else { throw refuse("the stored message has no To: recipient") }
        let senders = try addresses("sender")
        let froms = try addresses("from")
        guard let from = senders.first ?? froms.first else {
            throw refuse("the stored message has no From: address")
        }
        return SMTPEnvelope(from: from, recipients: recipients)
    }
}
