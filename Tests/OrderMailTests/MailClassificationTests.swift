import Foundation
import Testing

@testable import OrderMail

@Suite("Classifying received mail: replies, bounces, delays, read receipts, auto-replies")
struct MailClassificationTests {
    static func report(type: String, statusPart: [String], originalPart: [String]) -> [UInt8] {
        mailBytes(
            [
                "From: MAILER-DAEMON@mx.region.se", "Subject: Undelivered Mail Returned to Sender",
                "Auto-Submitted: auto-replied",
                "Content-Type: multipart/report; report-type=\(type); boundary=\"R\"", "",
                "--R", "Content-Type: text/plain; charset=utf-8", "", "Your message could not be delivered.",
            ] + ["--R"] + statusPart + ["--R"] + originalPart + ["--R--", ""])
    }

    @Test func readsABounceWithRecipientStatusDiagnosticAndOriginalMessageID() throws {
        let bytes = Self.report(
            type: "delivery-status",
            statusPart: [
                "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.region.se", "",
                "Final-Recipient: rfc822; e-tjanst@1177.se", "Original-Recipient: rfc822;e-tjanst@1177.se",
                "Action: failed",
                "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 <e-tjanst@1177.se>:",
                "    Recipient address rejected", "",
            ],
            originalPart: [
                "Content-Type: text/rfc822-headers", "", "Message-ID: <order-7@region.se>", "Subject: Beställning (QA)",
                "",
            ])
        let mail = try ParsedMail(bytes: bytes, location: "dsn.eml")
        let expected = DeliveryReport(
            reportingMTA: "mx.region.se",
            recipients: [
                DeliveryRecipient(
                    address: "e-tjanst@1177.se", action: "failed", status: "5.1.1",
                    diagnostic: "550 5.1.1 <e-tjanst@1177.se>:    Recipient address rejected")
            ],
            originalMessageID: "order-7@region.se", originalSubject: "Beställning (QA)")
        #expect(mail.classification == .bounce(expected))
        #expect(mail.text == "Your message could not be delivered.")
    }

    @Test func readsTheOriginalMessageIDFromAnAttachedMessage() throws {
        let bytes = Self.report(
            type: "delivery-status",
            statusPart: [
                "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx", "",
                "Final-Recipient: rfc822; a@b", "Action: failed", "Status: 5.2.2", "",
            ],
            originalPart: ["Content-Type: message/rfc822", "", "Message-ID: <o-9@region.se>", "Subject: x", "", "body"])
        let mail = try ParsedMail(bytes: bytes, location: "dsn.eml")
        #expect(mail.classification.originalMessageID == "o-9@region.se")
        #expect(mail.classification.name == "bounce")
        #expect(mail.attachedMessages.isEmpty)
    }

    @Test func aReportWhoseRecipientsAreAllDelayedIsADelayNotice() throws {
        let bytes = Self.report(
            type: "delivery-status",
            statusPart: [
                "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx", "",
                "Final-Recipient: rfc822; a@b", "Action: delayed", "Status: 4.4.1",
                "Will-Retry-Until: Fri, 4 Dec 2026 09:00:00 +0100", "",
            ],
            originalPart: ["Content-Type: text/rfc822-headers", "", "Message-ID: <o-1@region.se>", ""])
        let mail = try ParsedMail(bytes: bytes, location: "delay.eml")
        guard case .delayNotice(let report) = mail.classification else {
            Issue.record("not a delay notice: \(mail.classification)")
            return
        }
        #expect(report.recipients.map(\.status) == ["4.4.1"])
        #expect(report.originalMessageID == "o-1@region.se")
    }

    @Test func readsAReadReceipt() throws {
        let bytes = Self.report(
            type: "disposition-notification",
            statusPart: [
                "Content-Type: message/disposition-notification", "", "Reporting-UA: mail.1177.se; Microsoft Exchange",
                "Final-Recipient: rfc822;e-tjanster@1177.se", "Original-Message-ID: <order-3@region.se>",
                "Disposition: manual-action/MDN-sent-manually; displayed", "",
            ],
            originalPart: ["Content-Type: text/rfc822-headers", "", "Message-ID: <other@region.se>", ""])
        let mail = try ParsedMail(bytes: bytes, location: "mdn.eml")
        #expect(
            mail.classification
                == .readReceipt(
                    ReadReceipt(
                        recipient: "e-tjanster@1177.se", disposition: "displayed",
                        originalMessageID: "order-3@region.se")))
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-replied", "Subject: Re: Order", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated", "Subject: Ärende INC0012345 registrerat", "Auto-Submitted: auto-generated"),
        ("X-Autoreply: yes", "Subject: Order", "X-Autoreply"),
        ("Precedence: auto_reply", "Subject: Order", "Precedence: auto_reply"),
        ("X-Auto-Response-Suppress: All", "Subject: Order", "X-Auto-Response-Suppress"),
        ("X-Mailer: Outlook", "Subject: Automatiskt svar: Order", "subject Automatiskt svar:"),
        ("X-Mailer: Outlook", "Subject: automatic reply: Order", "subject Automatic reply:"),
    ])
    func recognisesAutoReplies(header: String, subject: String, signal: String) throws {
        let mail = try ParsedMail(bytes: mailBytes([header, subject, "", "Jag är ledig."]), location: "auto.eml")
        #expect(mail.classification == .autoReply(signal: signal))
    }

    @Test func aMessageMarkedAutoSubmittedNoIsAReply() throws {
        let mail = try ParsedMail(
            bytes: mailBytes(["Auto-Submitted: no", "Subject: SV: Order", "", "Klart."]), location: "r.eml")
        #expect(mail.classification == .reply)
    }
}
