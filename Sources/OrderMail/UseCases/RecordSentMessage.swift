import Foundation
import OrderMailCore
import OrderMailMailFormat

/// `mark ID sent --from-message FILE`: an order sent by hand (from Outlook) recorded from the copy
/// saved from Sent Items (`.eml` or `.msg`), so that the Message-ID Exchange gave it is known and
/// support's replies match by `In-Reply-To`.
public enum RecordSentMessage {
    /// The `sent` event for order `order`, read from the message at `path`; refused when the file
    /// holds no single message, or one that is not this order (another subject or sender).
    public static func event(for order: OrderRecord, fromMessageAt path: String) throws(OrderMailError) -> EventDraft {
        var source = MailSource(paths: [path])
        guard let item = source.next() else { throw .missingInput(path: path, reason: "no message in it") }
        guard source.next() == nil else {
            throw .invalidData("--from-message: \(path) holds more than one message; save the one sent")
        }
        let mail: ParsedMail
        switch item.result {
        case .success(let parsed): mail = parsed
        case .failure(let error): throw error
        }
        guard let messageID = mail.messageID else {
            throw .invalidData(
                "--from-message: \(path) has no Message-ID (a draft never sent?); save the message from Sent Items")
        }
        let ours = try? MailHeaders.parse(order.message[...]).headers
        let subject = ours?.text("Subject")?.trimmingWhitespace ?? ""
        guard SubjectPrefixes.strip(mail.subject) == SubjectPrefixes.strip(subject) else {
            throw .invalidData(
                "--from-message: \(path) is not order \(order.id): its subject \(Quoted(mail.subject)) is not the order's"
            )
        }
        guard SenderRules.address(in: mail.from) == order.contactEmail.lowercased() else {
            throw .invalidData(
                "--from-message: \(path) is not order \(order.id): it is from \(Quoted(mail.from)), not the order's contact"
            )
        }
        let name = (path as NSString).lastPathComponent
        var event = EventDraft(type: .sent, detail: "sent by hand; the sent message read from \(name)")
        if messageID != order.messageID { event.serverMessageID = messageID }
        return event
    }
}
