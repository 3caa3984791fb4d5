import Foundation
import OrderMailCore
import OrderMailMailFormat

/// A file sent with a message: its name (ASCII), media type and bytes.
struct MessageAttachment {
    var fileName: String
    /// Such as `text/csv; charset=utf-8`.
    var contentType: String
    var bytes: [UInt8]
}

/// Assembles the headers and quoted-printable body of a plain-text UTF-8 message; with an
/// attachment, the text and the file as the two parts of a `multipart/mixed` message (the text
/// first, so that a case-management system that keeps only text keeps the whole order).
struct MessageBuilder {
    var from: (displayName: String, address: EmailAddress)
    var addressing: Addressing
    var subject: String
    var body: String
    var date: String
    var messageID: String
    var attachment: MessageAttachment?
    /// For a message in a thread (a follow-up): the Message-ID it answers, without angle brackets.
    var inReplyTo: String?
    /// For a message in a thread: the thread's Message-IDs, oldest first, without angle brackets.
    var references: [String] = []

    /// The message on the wire. Never has a `Bcc:` header.
    var wireForm: String {
        var fields = [
            HeaderField("Date", ascii: date),
            HeaderField("From", mailboxes: [(from.displayName, from.address)]),
        ]
        if let sender = addressing.sender {
            fields.append(HeaderField("Sender", mailboxes: [(nil, sender)]))
        }
        fields.append(HeaderField("Reply-To", mailboxes: [(from.displayName, from.address)]))
        fields.append(HeaderField("To", mailboxes: addressing.to.map { (nil, $0) }))
        if !addressing.cc.isEmpty {
            fields.append(HeaderField("Cc", mailboxes: addressing.cc.map { (nil, $0) }))
        }
        fields += [
            HeaderField("Subject", unstructured: subject),
            HeaderField("Message-ID", ascii: "<\(messageID)>"),
        ]
        if let inReplyTo { fields.append(HeaderField("In-Reply-To", ascii: "<\(inReplyTo)>")) }
        if !references.isEmpty { fields.append(HeaderField("References", messageIDs: references)) }
        fields.append(HeaderField("MIME-Version", ascii: "1.0"))
        let text = [
            HeaderField("Content-Type", ascii: "text/plain; charset=utf-8"),
            HeaderField("Content-Transfer-Encoding", ascii: "quoted-printable"),
        ]
        guard let attachment else {
            return (fields + text).map(\.wireForm).joined() + "\r\n" + QuotedPrintable.encode(body)
        }
        // "=_" never occurs in quoted-printable (which writes = as =3D) nor in base64 lines, so the
        // boundary cannot occur in either part.
        let boundary = "=_ordermail_" + SHA256.hex(Array(messageID.utf8)).prefix(24)
        fields.append(HeaderField("Content-Type", ascii: "multipart/mixed; boundary=\"\(boundary)\""))
        let file = [
            HeaderField("Content-Type", ascii: "\(attachment.contentType); name=\"\(attachment.fileName)\""),
            HeaderField("Content-Disposition", ascii: "attachment; filename=\"\(attachment.fileName)\""),
            HeaderField("Content-Transfer-Encoding", ascii: "base64"),
        ]
        return fields.map(\.wireForm).joined() + "\r\n"
            + "--\(boundary)\r\n" + text.map(\.wireForm).joined() + "\r\n" + QuotedPrintable.encode(body)
            + "--\(boundary)\r\n" + file.map(\.wireForm).joined() + "\r\n" + Self.base64Lines(attachment.bytes)
            + "--\(boundary)--\r\n"
    }

    /// Base64 in lines of 76 characters, each ended by CRLF (RFC 2045).
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines = ""
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines += encoded[start..<end] + "\r\n"
            start = end
        }
        return lines
    }
}
