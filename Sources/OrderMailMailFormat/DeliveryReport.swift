import OrderMailCore

/// What a delivery status notification (RFC 3464) says about one recipient.
public struct DeliveryRecipient: Sendable, Equatable, Codable {
    /// The address the report is about (`Final-Recipient`, without its `rfc822;` type).
    public var address: String
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`, in lower case.
    public var action: String
    /// The status code, such as `5.1.1`.
    public var status: String
    /// The remote server's words (`Diagnostic-Code`, without its `smtp;` type), when given.
    public var diagnostic: String?

    public init(address: String, action: String, status: String, diagnostic: String?) {
        self.address = address
        self.action = action
        self.status = status
        self.diagnostic = diagnostic
    }
}

/// A delivery status notification: the recipients it reports on and the message it is about.
public struct DeliveryReport: Sendable, Equatable {
    /// The server that wrote the report (`Reporting-MTA`, without its `dns;` type).
    public var reportingMTA: String?
    /// One entry per recipient reported on.
    public var recipients: [DeliveryRecipient]
    /// The Message-ID of the message the report is about, from its attached message or headers.
    public var originalMessageID: String?
    /// The subject of that message, when its headers are attached.
    public var originalSubject: String?

    public init(
        reportingMTA: String?, recipients: [DeliveryRecipient], originalMessageID: String?, originalSubject: String?
    ) {
        self.reportingMTA = reportingMTA
        self.recipients = recipients
        self.originalMessageID = originalMessageID
        self.originalSubject = originalSubject
    }

    /// Whether every failed recipient failed for now: a full mailbox (`5.2.2`) or a `4.x.x` status,
    /// so that sending the same message again may work.
    public var isTemporary: Bool {
        let failed = recipients.filter { $0.action == "failed" }
        return !failed.isEmpty && failed.allSatisfy { $0.status.hasPrefix("4.") || $0.status == "5.2.2" }
    }

    /// Reads the `message/delivery-status` body: a block of per-message fields, then one block of
    /// fields per recipient, separated by empty lines.
    package static func parse(statusBody: ArraySlice<UInt8>) throws(MailFormatError) -> DeliveryReport {
        let blocks = try FieldBlocks.parse(statusBody)
        let perMessage = blocks.first ?? MailHeaders(fields: [])
        let recipients = blocks.dropFirst().compactMap { block -> DeliveryRecipient? in
            guard let recipient = block["Final-Recipient"] ?? block["Original-Recipient"] else { return nil }
            return DeliveryRecipient(
                address: FieldBlocks.withoutType(recipient),
                action: (block["Action"] ?? "").trimmingWhitespace.lowercased(),
                status: (block["Status"] ?? "").split(separator: " ").first.map(String.init) ?? "",
                diagnostic: block["Diagnostic-Code"].map(FieldBlocks.withoutType))
        }
        return DeliveryReport(
            reportingMTA: perMessage["Reporting-MTA"].map(FieldBlocks.withoutType),
            recipients: recipients, originalMessageID: nil, originalSubject: nil)
    }
}

/// A read receipt (RFC 8098 `message/disposition-notification`).
public struct ReadReceipt: Sendable, Equatable {
    /// Who read (or deleted) the message (`Final-Recipient`, without its type).
    public var recipient: String?
    /// The disposition, such as `displayed` or `deleted`.
    public var disposition: String
    /// The Message-ID of the message read (`Original-Message-ID`, or the attached headers').
    public var originalMessageID: String?

    public init(recipient: String?, disposition: String, originalMessageID: String?) {
        self.recipient = recipient
        self.disposition = disposition
        self.originalMessageID = originalMessageID
    }

    package static func parse(notificationBody: ArraySlice<UInt8>) throws(MailFormatError) -> ReadReceipt {
        let fields = try FieldBlocks.parse(notificationBody).first ?? MailHeaders(fields: [])
        let disposition = fields["Disposition"].flatMap { $0.split(separator: ";").last }.map {
            $0.trimmingWhitespace.lowercased()
        }
        return ReadReceipt(
            recipient: fields["Final-Recipient"].map(FieldBlocks.withoutType),
            disposition: disposition ?? "",
            originalMessageID: fields["Original-Message-ID"].flatMap { MessageIDs.parse($0).first })
    }
}

/// The blocks of header-like fields in report parts, separated by empty lines.
package enum FieldBlocks {
    package static func parse(_ body: ArraySlice<UInt8>) throws(MailFormatError) -> [MailHeaders] {
        var blocks: [MailHeaders] = []
        var position = body.startIndex
        while position < body.endIndex {
            let lineEnd = body.lineEnd(from: position)
            if body.contentEnd(ofLineFrom: position, to: lineEnd) == position {
                position = lineEnd
                continue
            }
            let (block, next) = try MailHeaders.parse(body[position...])
            if block.fields.isEmpty { break }
            blocks.append(block)
            position = next
        }
        return blocks
    }

    /// `rfc822; anna@example.se` without its `rfc822;` type; a value without a type as it is.
    package static func withoutType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingWhitespace }
        return value[value.index(after: semicolon)...].trimmingWhitespace
    }
}
