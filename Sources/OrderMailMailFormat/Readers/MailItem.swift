import OrderMailCore

/// One message read from a file, a mailbox or a folder, or why it could not be read.
public struct MailItem: Sendable {
    /// Where it came from: `reply.eml`, `box.mbox, message 12`, `Maildir/cur/1733…:2,S`,
    /// `forward.eml, attached message 1`.
    public var location: String
    /// The parsed message, or the one-line error (class data, or no input for a missing file).
    public var result: Result<ParsedMail, OrderMailError>
    /// For a message unwrapped from a forward: the forward's own `From`, its real sender.
    public var forwarder: String? = nil

    /// The items a parsed message stands for: a forward (its subject starts `FW:`, `Fwd:`, `VB:`
    /// or `WG:`) with messages attached as `message/rfc822` stands for those, each under its own
    /// location. Any other message stands for itself, so that a reply which attaches the order it
    /// answers is still the reply.
    package static func unwrapping(_ mail: ParsedMail, location: String) -> [MailItem] {
        guard !mail.attachedMessages.isEmpty, SubjectPrefixes.isForward(mail.subject) else {
            return [MailItem(location: location, result: .success(mail))]
        }
        return mail.attachedMessages.enumerated().map { index, inner in
            MailItem(
                location: "\(location), attached message \(index + 1)", result: .success(inner), forwarder: mail.from)
        }
    }

    /// The items for `bytes` read at `location`: the message, its unwrapped attachments, or its error.
    package static func parsing(_ bytes: [UInt8], location: String) -> [MailItem] {
        do {
            return unwrapping(try ParsedMail(bytes: bytes, location: location), location: location)
        } catch {
            return [MailItem(location: location, result: .failure(error))]
        }
    }
}
