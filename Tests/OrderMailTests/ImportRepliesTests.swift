import Foundation
import Testing

@testable import OrderMail

/// What arrived mail may do to an order: our own copies prove a send and answer nothing, outsiders'
/// mail is kept as a note, a case desk's receipt is an acknowledgement.
@Suite("Importing mail: own copies, outsiders, acknowledgements")
struct ImportRepliesTests {
    static let sentAt = Fixtures.pinnedEnvironment.now

    /// A ledger and order `environment` for SE2321000016-84GX with Message-ID `id@regionstockholm.se`,
    /// its events `events` (a `sending` without an attempt is an interrupted send: unknown).
    static func order(
        in ledger: Ledger, _ environment: String = "qa", id: String = "order-1", reference: String? = nil,
        events: [EventDraft] = [EventDraft(type: .sending)]
    ) throws -> (id: Int64, message: ComposedMessage) {
        var request = OrderRequestTests.request(environment)
        request.complianceConfirmed = true
        request.reference = reference.map { SourcedValue($0) }
        let order = try request.validated(today: Fixtures.pinnedEnvironment.today)
        let messageEnvironment = MessageEnvironment(
            now: sentAt, timeZone: Fixtures.pinnedEnvironment.timeZone, makeMessageIDLocalPart: { id })
        let message = try order.message(
            addressing: Fixtures.addressing, templatesDirectory: Fixtures.templatesDirectory,
            environment: messageEnvironment)
        let orderID = try ledger.record(
            .whitelisting(order, message: message, addressing: Fixtures.addressing), events: events, at: sentAt)
        return (orderID, message)
    }

    static func importer(_ ledger: Ledger, regionDomains: [String]? = ["regionstockholm.se"]) -> ImportReplies {
        var importer = ImportReplies(ledger: ledger, casePattern: try? CasePattern("(INC|CS|RITM)[0-9]{5,}"))
        importer.senders = SenderRules(regionDomains: regionDomains)
        importer.now = { sentAt.addingTimeInterval(3600) }
        return importer
    }

    static func mail(_ headers: [String], body: String = "Hej.") throws -> ParsedMail {
        try ParsedMail(bytes: mailBytes(headers + ["", body]), location: "m.eml")
    }

    /// `bytes` with its `Message-ID` line replaced, as Exchange Online does.
    static func withMessageID(_ bytes: [UInt8], _ id: String) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.replacing(#/Message-ID: <[^>]+>/#, with: "Message-ID: <\(id)>").utf8)
    }

    static let sent = [
        EventDraft(
            type: .sending,
            attempt: SendingAttempt(host: "h", processID: 1, processStart: 1, deadline: sentAt.addingTimeInterval(120))),
        EventDraft(type: .sent, detail: "250 OK"),
    ]

    @Test func ourCopyOfAnInterruptedOrderProvesItWentOutAndAnswersNothing() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, message) = try Self.order(in: ledger)
        #expect(try ledger.status(ofOrder: id, at: Self.sentAt) == .unknown)
        let copy = try ParsedMail(bytes: message.bytes, location: "copy.eml")
        let outcome = try Self.importer(ledger).importMail(copy)
        #expect(outcome == .ownCopy(order: id, event: .sent, how: "our copy (by its Message-ID)"))
        #expect(try ledger.status(ofOrder: id) == .sent)
        let proof = try #require(try ledger.events(ofOrder: id).last)
        #expect(
            proof.detail
                == "our copy arrived in the team mailbox on 2026-11-20T13:03:00Z (by its Message-ID): the message went out"
        )
        #expect(try Self.importer(ledger).importMail(copy) == .alreadyRecorded(order: id))
    }

    @Test func anExchangeCopyUnderTheServersMessageIDIsRecognisedAndTheIDLearnt() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, message) = try Self.order(in: ledger, reference: "RS-2026-7")
        let copy = try ParsedMail(
            bytes: Self.withMessageID(message.bytes, "AM0PR01MB9@eurprd01.prod.outlook.com"), location: "copy.eml")
        let outcome = try Self.importer(ledger).importMail(copy)
        #expect(outcome == .ownCopy(order: id, event: .sent, how: "our copy (by From, Subject and Date)"))
        #expect(try ledger.events(ofOrder: id).last?.serverMessageID == "AM0PR01MB9@eurprd01.prod.outlook.com")
        // Support's answer to the id Exchange gave now matches by Message-ID.
        let reply = try Self.mail([
            "From: 1177 <e-tjanster@1177.se>", "Subject: SV: Beställning", "Message-ID: <r1@1177.se>",
            "In-Reply-To: <AM0PR01MB9@eurprd01.prod.outlook.com>",
        ])
        #expect(
            try Self.importer(ledger).importMail(reply)
                == .recorded(order: id, event: .replied, kind: "reply", step: .messageID, caseNumber: nil))
    }

    @Test func ourCopyOfAnOrderAlreadySentRecordsNothing() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, message) = try Self.order(in: ledger, reference: "RS-2026-7", events: Self.sent)
        let before = try ledger.events(ofOrder: id).count
        let outcome = try Self.importer(ledger).importMail(try ParsedMail(bytes: message.bytes, location: "copy.eml"))
        #expect(outcome == .ownCopy(order: id, event: nil, how: "our copy (by its Message-ID): nothing recorded"))
        #expect(try ledger.events(ofOrder: id).count == before)
        #expect(try ledger.status(ofOrder: id) == .sent)
    }

    @Test func aCopyWrittenOutsideTheSendIsNoCopyAndNoAnswer() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, message) = try Self.order(in: ledger, events: Self.sent)
        var text = String(decoding: Self.withMessageID(message.bytes, "other@regionstockholm.se"), as: UTF8.self)
        text = text.replacing("Date: Fri, 20 Nov 2026 14:03:00 +0100", with: "Date: Mon, 23 Nov 2026 09:00:00 +0100")
        let outcome = try Self.importer(ledger).importMail(try ParsedMail(bytes: Array(text.utf8), location: "m.eml"))
        guard case .recorded(id, .notice, _, _, nil, let because?) = outcome else {
            Issue.record("expected a note, got \(outcome)")
            return
        }
        #expect(because.hasPrefix("from the region's own address anna.andersson@regionstockholm.se"))
        #expect(try ledger.status(ofOrder: id) == .sent)
    }

    @Test func aColleaguesReplyAllIsANoteEvenWithoutRegionDomainsConfigured() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let replyAll = try Self.mail(
            [
                "From: Bo Berg <bo.berg@regionstockholm.se>", "Subject: SV: Beställning",
                "Message-ID: <c1@regionstockholm.se>",
                "In-Reply-To: <order-1@regionstockholm.se>",
            ], body: "Bra, tack! INC0011111")
        let outcome = try Self.importer(ledger, regionDomains: nil).importMail(replyAll)
        #expect(
            outcome
                == .recorded(
                    order: id, event: .notice, kind: "reply", step: .messageID, caseNumber: nil,
                    because: "from the region's own address bo.berg@regionstockholm.se: not support's answer"))
        #expect(try ledger.status(ofOrder: id) == .sent)
    }

    @Test func anOutsidersSubjectNamingTheHSAIDAndQAIsOnlyANote() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let forged = try Self.mail([
            "From: someone@example.org", "Subject: SE2321000016-84GX QA klart", "Message-ID: <f1@example.org>",
        ])
        let outcome = try Self.importer(ledger).importMail(forged)
        #expect(
            outcome
                == .recorded(
                    order: id, event: .notice, kind: "reply", step: .hsaIDAndEnvironment, caseNumber: nil,
                    because:
                        "from someone@example.org, neither support's address (support-addresses) nor a reply to the order's Message-ID"
                ))
        #expect(try ledger.status(ofOrder: id) == .sent)
        // The same words from support's domain are its answer.
        let genuine = try Self.mail([
            "From: Support <handlaggare@1177.se>", "Subject: SE2321000016-84GX QA klart", "Message-ID: <g1@1177.se>",
        ])
        #expect(
            try Self.importer(ledger).importMail(genuine)
                == .recorded(
                    order: id, event: .replied, kind: "reply", step: .hsaIDAndEnvironment, caseNumber: nil))
    }

    static func dsn(from: String, about messageID: String, status: String = "5.1.1") -> [UInt8] {
        mailBytes([
            "From: \(from)", "Subject: Undelivered Mail Returned to Sender", "Message-ID: <dsn-\(from.hashValue)@x>",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"", "",
            "--R", "Content-Type: text/plain", "", "Not delivered.",
            "--R", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx", "",
            "Final-Recipient: rfc822; e-tjanster@1177.se", "Action: failed", "Status: \(status)", "",
            "--R", "Content-Type: text/rfc822-headers", "", "Message-ID: <\(messageID)>", "",
            "--R--", "",
        ])
    }

    @Test func aBounceCountsOnlyFromAMailSystem() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let forged = try ParsedMail(
            bytes: Self.dsn(from: "MAILER-DAEMON@example.org", about: "order-1@regionstockholm.se"), location: "f.eml")
        let outcome = try Self.importer(ledger).importMail(forged)
        #expect(
            outcome
                == .recorded(
                    order: id, event: .notice, kind: "bounce", step: .messageID, caseNumber: nil,
                    because: "a delivery report not from a mail system (mail-system-senders)"))
        #expect(try ledger.status(ofOrder: id) == .sent)
        let real = try ParsedMail(
            bytes: Self.dsn(from: "MAILER-DAEMON@mx1.regionstockholm.se", about: "order-1@regionstockholm.se"),
            location: "r.eml")
        #expect(
            try Self.importer(ledger).importMail(real)
                == .recorded(order: id, event: .bounced, kind: "bounce", step: .messageID, caseNumber: nil))
    }

    static let supportReply = [
        "From: 1177 Vårdguidens e-tjänster <e-tjanster@1177.se>", "Subject: SV: Beställning [INC0054321]",
        "Message-ID: <s1@1177.se>",
        "In-Reply-To: <order-1@regionstockholm.se>",
    ]

    @Test func aForwardOfSupportsAnswerByAColleagueCountsUnderTheColleaguesName() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let inner = try Self.mail(Self.supportReply, body: "Klart i QA.")
        let outcome = try Self.importer(ledger).importMail(inner, forwarder: "Bo Berg <bo.berg@regionstockholm.se>")
        #expect(
            outcome == .recorded(order: id, event: .replied, kind: "reply", step: .messageID, caseNumber: "INC0054321"))
        #expect(
            try ledger.events(ofOrder: id).last?.detail
                == "from Bo Berg <bo.berg@regionstockholm.se>, forwarding a message from 1177 Vårdguidens e-tjänster <e-tjanster@1177.se> (quoted): SV: Beställning [INC0054321]"
        )
    }

    @Test func aForwardFromOutsideTheRegionIsANoteAndTeachesNoCaseNumber() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let inner = try Self.mail(Self.supportReply, body: "Klart i QA.")
        let outcome = try Self.importer(ledger).importMail(inner, forwarder: "x@example.org")
        #expect(
            outcome
                == .recorded(
                    order: id, event: .notice, kind: "reply", step: .messageID, caseNumber: nil,
                    because: "forwarded by \"x@example.org\", from outside the region"))
        #expect(try ledger.events(ofOrder: id).allSatisfy { $0.supportCase == nil })
        #expect(try ledger.status(ofOrder: id) == .sent)
    }

    @Test func aCaseDesksReceiptIsAnAcknowledgementAndTheAnswerMatchesByItsCaseNumber() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let receipt = try Self.mail(
            [
                "From: 1177 Vårdguidens e-tjänster <e-tjanster@1177.se>", "Subject: Ärende CS0012345 har registrerats",
                "Message-ID: <ack1@1177.se>", "In-Reply-To: <order-1@regionstockholm.se>",
            ], body: "Tack för ditt meddelande.")
        #expect(
            try Self.importer(ledger).importMail(receipt)
                == .recorded(
                    order: id, event: .acknowledged, kind: "acknowledgement", step: .messageID, caseNumber: "CS0012345")
        )
        #expect(try ledger.status(ofOrder: id) == .acknowledged)
        #expect(OrderLifecycle.awaiting(.acknowledged) == .support)
        let answer = try Self.mail(
            [
                "From: Handläggare <handlaggare@1177.se>", "Subject: CS0012345 Vitlistning klar",
                "Message-ID: <ans1@1177.se>",
            ], body: "Nu är systemet vitlistat.")
        #expect(
            try Self.importer(ledger).importMail(answer)
                == .recorded(
                    order: id, event: .replied, kind: "reply", step: .caseNumber, caseNumber: "CS0012345"))
    }

    @Test func aWronglyAppliedAnswerIsUndoneByAwaiting() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent + [EventDraft(type: .replied)])
        try ledger.append(
            EventDraft(type: .awaiting, note: "the reply was about another system"), toOrder: id, at: Self.sentAt)
        #expect(try ledger.status(ofOrder: id) == .awaiting)
        #expect(OrderLifecycle.awaiting(.awaiting) == .support)
        #expect(try ledger.verify().problem == nil)
    }

    @Test func aReplyToAnOrderThatFailedIsKeptAsANoteInsteadOfStoppingTheImport() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(
            in: ledger, events: [Self.sent[0], EventDraft(type: .failedPermanent, detail: "554 no")])
        let reply = try Self.mail(Self.supportReply, body: "Vi fick inget?")
        #expect(
            try Self.importer(ledger).importMail(reply)
                == .recorded(
                    order: id, event: .notice, kind: "reply", step: .messageID, caseNumber: "INC0054321"))
        #expect(try ledger.status(ofOrder: id) == .failedPermanent)
    }

    @Test(
        "a full mailbox or a 4.x.x failure is a temporary bounce; an unknown user is not",
        arguments: [
            ("5.2.2", EventType.bouncedTemporary), ("4.4.7", .bouncedTemporary), ("5.1.1", .bounced),
        ])
    func temporaryAndPermanentBounces(status: String, expected: EventType) throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let report = try ParsedMail(
            bytes: Self.dsn(
                from: "MAILER-DAEMON@mx1.regionstockholm.se", about: "order-1@regionstockholm.se", status: status),
            location: "r.eml")
        #expect(
            try Self.importer(ledger).importMail(report)
                == .recorded(order: id, event: expected, kind: "bounce", step: .messageID, caseNumber: nil))
        #expect(
            OrderLifecycle.allows(.sending, after: expected, kind: .whitelisting) == (expected == .bouncedTemporary))
    }

    @Test func showGivesTheReplysOwnDateBesideWhenItWasRecordedInLocalTime() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let reply = try Self.mail(Self.supportReply + ["Date: Tue, 01 Dec 2026 09:12:44 +0100"], body: "Klart.")
        _ = try Self.importer(ledger).importMail(reply)
        let order = try #require(try ledger.order(id: id))
        let stockholm = try #require(TimeZone(identifier: "Europe/Stockholm"))
        let view = OrderView.text(
            of: order, units: [], events: try ledger.events(ofOrder: id), status: try ledger.status(ofOrder: id),
            subject: nil, body: nil,
            zone: stockholm)
        #expect(
            view.contains("reply written 2026-12-01 09:12:44 +01:00, recorded 2026-11-20 15:03:00 +01:00, from 1177"),
            "\(view)")
        #expect(view.contains("  2026-11-20 14:03:00 +01:00  sending"), "\(view)")
    }

    @Test func theDisplayZoneIsTZThenTheKeyThenStockholm() {
        #expect(DateFormats.localZone(tz: ":Asia/Tokyo", configured: "UTC").identifier == "Asia/Tokyo")
        #expect(
            DateFormats.localZone(tz: "Nowhere/Else", configured: "America/New_York").identifier == "America/New_York")
        #expect(DateFormats.localZone(tz: nil, configured: nil).identifier == "Europe/Stockholm")
    }

    @Test func aMessageUnderOurMessageIDFromSomeoneElseProvesNothing() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, message) = try Self.order(in: ledger)
        let text = String(decoding: message.bytes, as: UTF8.self)
            .replacing(#/From: [^\r]+/#, with: "From: someone@example.org")
        let outcome = try Self.importer(ledger).importMail(try ParsedMail(bytes: Array(text.utf8), location: "f.eml"))
        #expect(
            outcome
                == .ownCopy(
                    order: id, event: nil,
                    how:
                        "a message under our Message-ID (by its Message-ID) but not from the order's contact: nothing recorded"
                ))
        #expect(try ledger.status(ofOrder: id, at: Self.sentAt.addingTimeInterval(3600)) == .unknown)
    }

    @Test func anOutsidersAutomaticAnswerTeachesNoCaseNumber() throws {
        let ledger = try LedgerTests.newLedger()
        let (id, _) = try Self.order(in: ledger, events: Self.sent)
        let auto = try Self.mail([
            "From: someone@example.org", "Subject: Automatiskt svar: SE2321000016-84GX QA INC0099999",
            "Message-ID: <oo@example.org>",
            "Auto-Submitted: auto-replied",
        ])
        guard case .recorded(id, .autoReply, _, _, nil, _?) = try Self.importer(ledger).importMail(auto) else {
            Issue.record("expected an automatic answer without a case number")
            return
        }
        #expect(try ledger.events(ofOrder: id).allSatisfy { $0.supportCase == nil })
    }
}
