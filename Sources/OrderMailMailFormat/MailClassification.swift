import OrderMailCore

/// What a received message is, with the facts each kind carries.
public enum MailClassification: Sendable, Equatable {
    /// A person's answer.
    case reply
    /// A delivery status notification with at least one recipient whose delivery failed.
    case bounce(DeliveryReport)
    /// A delivery status notification whose recipients are all `delayed`: not a bounce (yet).
    case delayNotice(DeliveryReport)
    /// A delivery status notification that reports success only (`delivered`, `relayed`, `expanded`).
    case deliveryNotice(DeliveryReport)
    /// A read receipt (RFC 8098).
    case readReceipt(ReadReceipt)
    /// An automatic answer: out of office, a case system's receipt; `signal` names what showed it.
    case autoReply(signal: String)

    /// `reply`, `bounce`, `delay-notice`, `delivery-notice`, `read-receipt` or `auto-reply`.
    public var name: String {
        switch self {
        case .reply: "reply"
        case .bounce: "bounce"
        case .delayNotice: "delay-notice"
        case .deliveryNotice: "delivery-notice"
        case .readReceipt: "read-receipt"
        case .autoReply: "auto-reply"
        }
    }

    /// The Message-ID of the message a report (bounce, delay, delivery notice, read receipt) is about.
    public var originalMessageID: String? {
        switch self {
        case .bounce(let report), .delayNotice(let report), .deliveryNotice(let report): report.originalMessageID
        case .readReceipt(let receipt): receipt.originalMessageID
        case .reply, .autoReply: nil
        }
    }
}

/// Decides what a parsed message is: reports by their MIME structure first, then the signals of
/// automatic answers, else a reply.
package enum MailClassifier {
    package static func classify(root: MIMEPart, headers: MailHeaders, subject: String) throws(MailFormatError)
        -> MailClassification
    {
        if root.mediaType.essence == "multipart/report" {
            let reportType = root.mediaType.parameters["report-type"]?.lowercased()
            if reportType == "delivery-status" || reportType == "global-delivery-status",
                let status = root.children.first(where: {
                    ["message/delivery-status", "message/global-delivery-status"].contains($0.mediaType.essence)
                })
            {
                var report = try DeliveryReport.parse(statusBody: status.decodedBody()[...])
                let original = try originalHeaders(in: root)
                report.originalMessageID = original?["Message-ID"].flatMap { MessageIDs.parse($0).first }
                report.originalSubject = original?.text("Subject")
                let actions = Set(report.recipients.map(\.action))
                if actions.contains("failed") { return .bounce(report) }
                if actions.contains("delayed") { return .delayNotice(report) }
                return .deliveryNotice(report)
            }
            if reportType == "disposition-notification",
                let notification = root.children.first(where: {
                    $0.mediaType.essence == "message/disposition-notification"
                })
            {
                var receipt = try ReadReceipt.parse(notificationBody: notification.decodedBody()[...])
                if receipt.originalMessageID == nil {
                    receipt.originalMessageID = try originalHeaders(in: root)?["Message-ID"].flatMap {
                        MessageIDs.parse($0).first
                    }
                }
                return .readReceipt(receipt)
            }
        }
        if let signal = autoReplySignal(headers: headers, subject: subject) { return .autoReply(signal: signal) }
        return .reply
    }

    /// The headers of the reported message: the third part's, `message/rfc822` or `text/rfc822-headers`.
    private static func originalHeaders(in root: MIMEPart) throws(MailFormatError) -> MailHeaders? {
        for part in root.children {
            switch part.mediaType.essence {
            case "message/rfc822", "message/global": if let inner = part.children.first { return inner.headers }
            case "text/rfc822-headers", "message/global-headers":
                return try MailHeaders.parse(part.decodedBody()[...]).headers
            default: continue
            }
        }
        return nil
    }

    /// RFC 3834's `Auto-Submitted` (any value but `no`), `X-Autoreply`, `X-Autorespond`,
    /// `Precedence: auto_reply`, Exchange's `X-Auto-Response-Suppress`, and the subjects Exchange
    /// gives automatic replies.
    package static func autoReplySignal(headers: MailHeaders, subject: String) -> String? {
        if let value = headers["Auto-Submitted"],
            value.split(separator: ";").first?.trimmingWhitespace.lowercased() != "no"
        {
            return "Auto-Submitted: \(value.prefix(40))"
        }
        for name in ["X-Autoreply", "X-Autorespond"] where headers[name] != nil { return name }
        if let precedence = headers["Precedence"], precedence.trimmingWhitespace.lowercased() == "auto_reply" {
            return "Precedence: auto_reply"
        }
        if headers["X-Auto-Response-Suppress"] != nil { return "X-Auto-Response-Suppress" }
        if let prefix = SubjectPrefixes.automaticReplyPrefix(of: subject) { return "subject \(prefix)" }
        return nil
    }
}
