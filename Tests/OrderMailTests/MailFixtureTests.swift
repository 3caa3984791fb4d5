import Foundation
import Testing

@testable import OrderMail

/// Messages written by real programs (Python's email package, Postfix), each parsed, classified
/// and matched; see Tests/Helpers/make_mail_fixtures.py and make_postfix_dsn.sh.
@Suite("Mail written by real programs: parsed, classified and matched")
struct MailFixtureTests {
    static let folder = "\(Fixtures.packageRoot)/Tests/OrderMailTests/MailFixtures"
    static let orderID = "20261120140300.golden@regionstockholm.se"
    static let exchangeID = "AM0PR05MB6131A1B2C3D4E5F6@AM0PR05MB6131.eurprd05.prod.outlook.com"

    /// The QA order the fixtures answer, with a production order for the same system beside it.
    static func candidates(caseNumbers: [String] = []) -> [ReplyCandidate] {
        [
            ReplyCandidate(
                orderID: 41, messageIDs: [orderID, exchangeID], caseNumbers: caseNumbers, reference: "VGR-2026-114",
                hsaID: "SE2321000016-84GX", environment: .qa, awaitsAnswer: true),
            ReplyCandidate(
                orderID: 42, messageIDs: ["prod-1@regionstockholm.se"], reference: "VGR-2026-200",
                hsaID: "SE2321000016-84GX", environment: .production, awaitsAnswer: true),
        ]
    }

    static func read(_ name: String) throws -> ParsedMail {
        let items = Array(MailSource(paths: ["\(folder)/\(name)"]))
        #expect(items.count == 1)
        return try #require(try items.first?.result.get())
    }

    /// What Python's email package reads in the same file.
    struct PythonView: Decodable {
        var subject: String
        var message_id: String
        var in_reply_to: String
        var text: String?
    }

    static func python(_ name: String) throws -> PythonView {
        try JSONDecoder().decode(
            PythonView.self, from: Data(MailPythonHelper.run("read_mail_python.py", ["\(folder)/\(name)"])))
    }

    @Test(arguments: ["reply-utf8.eml", "reply-outlook-windows1252-qp.eml", "auto-reply-rfc3834.eml"])
    func readsTheSameSubjectIdsAndTextAsPythonsEmailPackage(name: String) throws {
        let mail = try Self.read(name)
        let python = try Self.python(name)
        #expect(mail.subject == python.subject)
        #expect("<\(mail.messageID ?? "")>" == python.message_id)
        #expect(mail.inReplyTo.map { "<\($0)>" }.joined(separator: " ") == python.in_reply_to)
        #expect(mail.text == python.text)
        #expect(mail.notes.isEmpty)
    }

    @Test func aUTF8ReplyMatchesByInReplyToAndYieldsItsCaseNumber() throws {
        let mail = try Self.read("reply-utf8.eml")
        #expect(mail.classification == .reply)
        #expect(mail.strippedSubject.hasPrefix("Beställning av vitlistning"))
        let result = ReplyMatcher.match(
            mail, candidates: Self.candidates(), casePattern: try CasePattern("(INC|CS|RITM)[0-9]{5,}"))
        #expect(result.outcome == .matched(orderID: 41, step: .messageID))
        #expect(result.caseNumbers == ["INC0012345"])
    }

    @Test func anOutlookReplyInWindows1252MatchesTheIdExchangeAssigned() throws {
        let mail = try Self.read("reply-outlook-windows1252-qp.eml")
        #expect(mail.from == "Support för 1177 <e-tjanster@1177.se>")
        #expect(mail.text.hasPrefix("Hej!\n\nVitlistningen i QA är klar – välkommen att testa."))
        #expect(mail.classification == .reply)
        #expect(
            ReplyMatcher.match(mail, candidates: Self.candidates()).outcome == .matched(orderID: 41, step: .messageID))
    }

    @Test func anHTMLOnlyCaseSystemAnswerMatchesByCaseNumberElseByReference() throws {
        let mail = try Self.read("reply-html-only.eml")
        #expect(
            mail.text
                == "Hej,\nDitt ärende CS0012345 har lösts: systemet är vitlistat.\n\nVårt ärendenummer: VGR-2026-114\nMiljö: QA"
        )
        #expect(mail.classification == .reply)
        #expect(
            ReplyMatcher.match(mail, candidates: Self.candidates(caseNumbers: ["CS0012345"])).outcome
                == .matched(orderID: 41, step: .caseNumber))
        #expect(
            ReplyMatcher.match(mail, candidates: Self.candidates()).outcome == .matched(orderID: 41, step: .reference))
    }

    @Test func anRFC3834AutoReplyIsNoAnswerButCarriesTheCaseNumber() throws {
        let mail = try Self.read("auto-reply-rfc3834.eml")
        #expect(mail.classification == .autoReply(signal: "Auto-Submitted: auto-replied"))
        let result = ReplyMatcher.match(mail, candidates: Self.candidates(), casePattern: try CasePattern("CS[0-9]{7}"))
        #expect(result.outcome == .matched(orderID: 41, step: .messageID))
        #expect(result.caseNumbers == ["CS0012345"])
    }

    @Test func aReadReceiptIsANoteAboutTheOrder() throws {
        let mail = try Self.read("read-receipt-rfc8098.eml")
        #expect(
            mail.classification
                == .readReceipt(
                    ReadReceipt(
                        recipient: "e-tjanster@1177.se", disposition: "displayed", originalMessageID: Self.exchangeID)))
        #expect(
            ReplyMatcher.match(mail, candidates: Self.candidates()).outcome == .matched(orderID: 41, step: .messageID))
    }

    @Test func aBounceWrittenByPostfixMatchesThroughTheReturnedMessage() throws {
        let mail = try Self.read("postfix-dsn.eml")
        #expect(
            mail.classification
                == .bounce(
                    DeliveryReport(
                        reportingMTA: "localhost",
                        recipients: [
                            DeliveryRecipient(
                                address: "okand-mottagare@localhost", action: "failed", status: "5.1.1",
                                diagnostic: "unknown user: \"okand-mottagare\"")
                        ],
                        originalMessageID: Self.orderID,
                        originalSubject:
                            "Beställning av vitlistning i 1177 Vårdguidens e-tjänster (QA): Cosmic Tidbok, SE2321000016-84GX"
                    )))
        #expect(mail.attachedMessages.isEmpty)
        #expect(
            ReplyMatcher.match(mail, candidates: Self.candidates()).outcome == .matched(orderID: 41, step: .messageID))
        // Without the returned message's id known, the returned subject still names the order's HSA-id and environment.
        let unknownID = Self.candidates().map { candidate in
            var candidate = candidate
            candidate.messageIDs = ["other@x"]
            candidate.reference = nil
            return candidate
        }
        #expect(
            ReplyMatcher.match(mail, candidates: unknownID).outcome == .matched(orderID: 41, step: .hsaIDAndEnvironment)
        )
    }
}
