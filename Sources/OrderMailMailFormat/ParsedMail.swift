import Foundation
import OrderMailCore

/// A received message, read from its bytes: headers, readable text, what kind of message it is,
/// and the ids that tie it to an order.
public struct ParsedMail: Sendable {
    /// The message exactly as read.
    public var bytes: [UInt8]
    /// The SHA-256 of `bytes`, 64 lower-case hex digits.
    public var sha256: String
    /// The top-level header fields.
    public var headers: MailHeaders
    /// The `Message-ID`, without angle brackets.
    public var messageID: String?
    /// The ids in `In-Reply-To`.
    public var inReplyTo: [String]
    /// The ids in `References`, oldest first.
    public var references: [String]
    /// The decoded `Subject`, prefixes included.
    public var subject: String
    /// The decoded `From`.
    public var from: String
    /// The text a person would read: the plain-text body, or the HTML body as text.
    public var text: String
    /// Reply, bounce, auto-reply, …, with the facts of reports.
    public var classification: MailClassification
    /// The messages attached as `message/rfc822` outside a report ("forward as attachment").
    public var attachedMessages: [ParsedMail]
    /// What was wrong but readable, one line each (an unknown charset, a missing closing boundary).
    public var notes: [String]

    /// The `Date`, when it is a valid RFC 5322 date.
    public var date: Date? { headers["Date"].flatMap(DateFormats.date(fromRFC5322:)) }

    /// The subject without reply and forward prefixes.
    public var strippedSubject: String { SubjectPrefixes.strip(subject) }

    /// Parses `bytes`; `location` (a file, or a message inside one) names it in the error.
    /// - Throws: `OrderMailError.invalidData` (class data) when it is not readable mail.
    public init(bytes: [UInt8], location: String) throws(OrderMailError) {
        do {
            try self.init(bytes: bytes)
        } catch {
            throw error.error(at: location)
        }
    }

    package init(bytes: [UInt8]) throws(MailFormatError) {
        guard bytes.count <= MailLimits.maximumMessageBytes else {
            throw .tooLarge(bytes.count)
        }
        var notes: [String] = []
        let root = try MIMEPart.parse(bytes[...], notes: &notes)
        try self.init(root: root, bytes: bytes, notes: notes)
    }

    /// - Parameter attaching: whether the messages attached below `root` are read too (only for the
    ///   outermost message: one level, so that the tree's depth limit holds across attached messages).
    private init(root: MIMEPart, bytes: [UInt8], notes: [String], attaching: Bool = true) throws(MailFormatError) {
        guard !root.headers.fields.isEmpty else {
            throw MailFormatError(rule: "not a mail message: it starts with no header field")
        }
        var notes = notes
        self.bytes = bytes
        sha256 = SHA256.hex(bytes)
        headers = root.headers
        messageID = root.headers["Message-ID"].flatMap { MessageIDs.parse($0).first }
        inReplyTo = root.headers["In-Reply-To"].map(MessageIDs.parse) ?? []
        references = root.headers.values("References").flatMap(MessageIDs.parse)
        subject = root.headers.text("Subject") ?? ""
        from = root.headers.text("From") ?? ""
        text = MailBodyText.text(of: root, notes: &notes) ?? ""
        classification = try MailClassifier.classify(root: root, headers: root.headers, subject: subject)
        if attaching, case .reply = classification {
            attachedMessages = try Self.attachedMessages(in: root)
        } else {
            attachedMessages = []
        }
        self.notes = notes
    }

    /// The messages in `message/rfc822` parts below `part`, as the outer message's parse already
    /// read them (not parsed again: the depth limit counts from the outermost message).
    private static func attachedMessages(in part: MIMEPart) throws(MailFormatError) -> [ParsedMail] {
        var found: [ParsedMail] = []
        for child in part.children {
            if child.mediaType.essence == "message/rfc822", let inner = child.children.first {
                let innerBytes =
                    ["base64", "quoted-printable"].contains(child.transferEncoding)
                    ? child.decodedBody() : Array(child.body)
                found.append(try ParsedMail(root: inner, bytes: innerBytes, notes: [], attaching: false))
            } else if child.mediaType.type == "multipart" {
                found += try attachedMessages(in: child)
            }
        }
        return found
    }
}
