/// Assembles the headers and quoted-printable body of a plain-text UTF-8 message.
struct MessageBuilder {
    var from: (displayName: String, address: EmailAddress)
    var addressing: Addressing
    var subject: String
    var body: String
    var date: String
    var messageID: String

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
            HeaderField("MIME-Version", ascii: "1.0"),
            HeaderField("Content-Type", ascii: "text/plain; charset=utf-8"),
            HeaderField("Content-Transfer-Encoding", ascii: "quoted-printable"),
        ]
        return fields.map(\.wireForm).joined() + "\r\n" + QuotedPrintable.encode(body)
    }
}
