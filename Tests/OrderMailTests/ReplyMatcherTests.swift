import Foundation
import Testing

@testable import OrderMail

@Suite("Matching received mail to orders")
struct ReplyMatcherTests {
    static let candidates = [
        ReplyCandidate(
            orderID: 1, messageIDs: ["o1@region.se", "AM0PR01MB1111@eurprd01.prod.outlook.com"],
            caseNumbers: ["INC0012345"], reference: "VGR-2026-114", hsaID: "SE2321000016-84GX",
            environment: .qa, awaitsAnswer: true),
        ReplyCandidate(
            orderID: 2, messageIDs: ["o2@region.se"], reference: "Ärende 77", hsaID: "SE2321000016-84GX",
            environment: .production, awaitsAnswer: true),
        ReplyCandidate(
            orderID: 3, messageIDs: ["o3@region.se"], caseNumbers: ["CS0099999"], hsaID: "SE2321000016-F835",
            environment: .qa, awaitsAnswer: true),
        ReplyCandidate(
            orderID: 4, messageIDs: ["o4@region.se"], caseNumbers: ["CS0099999"], hsaID: "SE2321000016-A65H",
            environment: .qa, awaitsAnswer: false),
        ReplyCandidate(
            orderID: 5, messageIDs: ["o5@region.se"], hsaID: "SE2321000016-A65H", environment: .qa, awaitsAnswer: false),
    ]

    static func mail(_ headers: [String], body: String = "Hej.") throws -> ParsedMail {
        try ParsedMail(bytes: mailBytes(headers + ["", body]), location: "m.eml")
    }

    static func outcome(_ mail: ParsedMail) -> MatchOutcome {
        ReplyMatcher.match(mail, candidates: candidates).outcome
    }

    @Test func matchesInReplyToAgainstTheIdTheServerAssigned() throws {
        let mail = try Self.mail([
            "Subject: SV: x", "In-Reply-To: <AM0PR01MB1111@eurprd01.prod.outlook.com>", "References: <o2@region.se>",
        ])
        #expect(Self.outcome(mail) == .matched(orderID: 1, step: .messageID))
    }

    @Test func fallsBackToReferencesWhenInReplyToIsUnknown() throws {
        let mail = try Self.mail(["Subject: SV: x", "In-Reply-To: <unknown@x>", "References: <qa@x> <o3@region.se>"])
        #expect(Self.outcome(mail) == .matched(orderID: 3, step: .messageID))
    }

    @Test func referencesNamingTwoOrdersMatchNone() throws {
        let mail = try Self.mail(["Subject: SV: x", "References: <o1@region.se> <o2@region.se>"])
        let result = ReplyMatcher.match(mail, candidates: Self.candidates)
        #expect(result.outcome == .ambiguous(step: .messageID, orderIDs: [1, 2]))
        #expect(result.description == "no order: orders 1, 2 all match by Message-ID")
    }

    @Test func matchesACaseNumberInACaseSystemsRewrittenSubject() throws {
        let mail = try Self.mail(["Subject: [INC0012345] Ärendet har lösts"])
        #expect(Self.outcome(mail) == .matched(orderID: 1, step: .caseNumber))
    }

    @Test func aCaseNumberRecordedOnTwoOrdersIsNarrowedByTheHSAIDElseAmbiguous() throws {
        let named = try Self.mail(["Subject: CS0099999 klart, SE2321000016-F835 (QA)"])
        #expect(Self.outcome(named) == .matched(orderID: 3, step: .hsaID))
        let unnamed = try Self.mail(["Subject: CS0099999 klart (QA)"])
        let result = ReplyMatcher.match(unnamed, candidates: Self.candidates)
        #expect(result.outcome == .ambiguous(step: .caseNumber, orderIDs: [3, 4]))
        #expect(result.description == "no order: orders 3, 4 all match by case number")
    }

    /// One region reference on the QA and the production order, as is normal.
    static let sharedReference = [
        ReplyCandidate(
            orderID: 6, messageIDs: ["o6@region.se"], reference: "RS-2026-7", hsaID: "SE2321000016-84GX",
            environment: .qa, awaitsAnswer: true),
        ReplyCandidate(
            orderID: 7, messageIDs: ["o7@region.se"], reference: "RS-2026-7", hsaID: "SE2321000016-84GX",
            environment: .production, awaitsAnswer: true),
    ]

    @Test(
        "a shared reference is narrowed by the subject's environment",
        arguments: [
            ("Ärende CS0012345 har registrerats: Beställning (Produktion) [RS-2026-7]", Int64(7)),
            ("Your case has been received: Order (Production) [RS-2026-7]", 7),
            ("SV: Beställning av vitlistning (QA) [RS-2026-7]", 6),
        ])
    func aSharedReferenceIsNarrowedByTheEnvironment(subject: String, order: Int64) throws {
        let mail = try Self.mail(["Subject: \(subject)"])
        #expect(
            ReplyMatcher.match(mail, candidates: Self.sharedReference).outcome
                == .matched(orderID: order, step: .environment))
    }

    @Test func aSharedReferenceWithoutAnEnvironmentIsAmbiguousNamingBoth() throws {
        let mail = try Self.mail(["Subject: Angående RS-2026-7"])
        #expect(
            ReplyMatcher.match(mail, candidates: Self.sharedReference).outcome
                == .ambiguous(step: .reference, orderIDs: [6, 7]))
    }

    @Test func referencesNamingQAAndProductionAreNarrowedByTheEnvironment() throws {
        let mail = try Self.mail(["Subject: SV: Beställning (Produktion)", "References: <o6@region.se> <o7@region.se>"])
        #expect(
            ReplyMatcher.match(mail, candidates: Self.sharedReference).outcome
                == .matched(orderID: 7, step: .environment))
    }

    @Test func matchesTheReferenceInTheQuotedBody() throws {
        let mail = try Self.mail(
            ["Subject: Svar"], body: "Tack!\n\n> Vårt ärendenummer: ärende  77\n> Miljö: Produktion")
        #expect(Self.outcome(mail) == .matched(orderID: 2, step: .reference))
    }

    @Test func matchesTheHSAIDWithTheSubjectsEnvironmentAmongAwaitingOrders() throws {
        let qa = try Self.mail(["Subject: SV: Beställning av vitlistning (QA): Cosmic, se2321000016-84gx"])
        #expect(Self.outcome(qa) == .matched(orderID: 1, step: .hsaIDAndEnvironment))
        let production = try Self.mail(
            ["Subject: Vitlistning klar"],
            body: "> Miljö: Produktion\n> HSA-id: SE2321000016-84GX\n> Vitlistningen i QA beställdes")
        #expect(Self.outcome(production) == .matched(orderID: 2, step: .hsaIDAndEnvironment))
    }

    @Test func anHSAIDWithoutAnEnvironmentOrOfNoAwaitingOrderMatchesNone() throws {
        let noEnvironment = try Self.mail(["Subject: SE2321000016-84GX"])
        #expect(Self.outcome(noEnvironment) == .unmatched)
        let answered = try Self.mail(["Subject: SE2321000016-A65H (QA)"])
        #expect(Self.outcome(answered) == .unmatched)
        let longer = try Self.mail(["Subject: SE2321000016-84GXY (QA)"])
        #expect(Self.outcome(longer) == .unmatched)
    }

    @Test func aBounceMatchesThroughTheOriginalMessageID() throws {
        let bytes = MailClassificationTests.report(
            type: "delivery-status",
            statusPart: [
                "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx", "",
                "Final-Recipient: rfc822; a@b", "Action: failed", "Status: 5.1.1", "",
            ],
            originalPart: [
                "Content-Type: text/rfc822-headers", "", "Message-ID: <o3@region.se>", "Subject: INC0012345", "",
            ])
        let mail = try ParsedMail(bytes: bytes, location: "dsn.eml")
        #expect(Self.outcome(mail) == .matched(orderID: 3, step: .messageID))
    }

    @Test func picksUpCaseNumbersWithTheConfiguredPattern() throws {
        let mail = try Self.mail(
            ["Subject: SV: INC0054321 registrerat"], body: "Ärende INC0054321 och RITM0011111.\nCS12 är för kort.")
        let pattern = try CasePattern("(INC|CS|RITM)[0-9]{5,}")
        let result = ReplyMatcher.match(mail, candidates: Self.candidates, casePattern: pattern)
        #expect(result.caseNumbers == ["INC0054321", "RITM0011111"])
        #expect(result.outcome == .unmatched)
    }

    @Test func refusesAnInvalidCasePattern() {
        #expect(
            throws: OrderMailError.configurationError(
                "case-pattern: \"(INC\" is not a valid regular expression (example: (INC|CS|RITM)[0-9]{5,})")
        ) {
            try CasePattern("(INC")
        }
    }
}
