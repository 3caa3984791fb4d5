import Foundation
import Testing

@testable import OrderMail

@Suite("A case desk's receipts and whose mail counts")
struct AcknowledgementTests {
    static func mail(subject: String = "SV: Beställning", body: String) throws -> ParsedMail {
        try ParsedMail(
            bytes: mailBytes(["From: e-tjanster@1177.se", "Subject: \(subject)", "", body]), location: "m.eml")
    }

    @Test("each built-in phrase is recognised in the body", arguments: Acknowledgement.phrases.map(\.example))
    func recognisesEachBuiltInPhrase(example: String) throws {
        let mail = try Self.mail(body: "Hej,\n\n\(example)\n\nMvh 1177")
        #expect(try Acknowledgement().signal(in: mail) != nil)
    }

    @Test func recognisesAPhraseInTheSubjectInItsLanguage() throws {
        let swedish = try Self.mail(subject: "Ärende CS0012345 har registrerats", body: "Tack.")
        #expect(try Acknowledgement().signal(in: swedish) == "sv phrase")
        let english = try Self.mail(subject: "Your case has been received", body: "Thanks.")
        #expect(try Acknowledgement().signal(in: english) == "en phrase")
    }

    @Test func anAnswerIsNoReceipt() throws {
        let answer = try Self.mail(body: "Hej Anna,\n\nSystemet är nu vitlistat i QA.\n\nMvh 1177")
        #expect(try Acknowledgement().signal(in: answer) == nil)
    }

    @Test(
        "quoted text is never read for receipts",
        arguments: [
            "Klart.\n\n> Ärende CS0012345 har registrerats",
            "Klart.\n\n-----Original Message-----\nYour case has been received",
            "Klart.\n\nFrån: 1177 <e-tjanster@1177.se>\nVi har tagit emot ditt ärende",
            "Done.\n\nOn Tue, 1 Dec 2026, 1177 wrote:\nCase CS0012345 has been created",
        ])
    func ignoresQuotedText(body: String) throws {
        #expect(try Acknowledgement().signal(in: Self.mail(body: body)) == nil)
    }

    @Test func recognisesTheRegionsOwnPattern() throws {
        let mail = try Self.mail(body: "Ärende RITM0011111 är registrerat hos Servicedesk.")
        #expect(try Acknowledgement().signal(in: mail) == nil)
        #expect(
            try Acknowledgement(pattern: "Ärende [A-Z]+[0-9]+ är registrerat").signal(in: mail)
                == "acknowledgement-pattern")
    }

    @Test func refusesAnInvalidPattern() {
        #expect(
            throws: OrderMailError.configurationError(
                "acknowledgement-pattern: \"(unclosed\" is not a valid regular expression (example: Ärende [A-Z]+[0-9]+ är registrerat)"
            )
        ) { try Acknowledgement(pattern: "(unclosed") }
    }

    @Test func supportIsTheDefaultAddressAndItsDomain() {
        let rules = SenderRules()
        #expect(rules.isSupport(SenderRules.address(in: "1177 Vårdguidens e-tjänster <E-TJANSTER@1177.se>")))
        #expect(rules.isSupport("handlaggare@support.1177.se"))
        #expect(!rules.isSupport("e-tjanster@1177.se.example.org"))
        #expect(!rules.isSupport(SenderRules.address(in: "\"e-tjanster@1177.se\" <x@example.org>")))
    }

    @Test func aDeliveryReportCountsFromMailerDaemonAtTheRegionsDomains() {
        let region = SenderRules(regionDomains: ["regionstockholm.se"])
        #expect(region.isMailSystem("mailer-daemon@mx1.regionstockholm.se"))
        #expect(!region.isMailSystem("mailer-daemon@example.org"))
        let configured = SenderRules(
            regionDomains: ["regionstockholm.se"],
            mailSystems: ["MAILER-DAEMON", "regionstockholm.mail.protection.outlook.com"])
        #expect(configured.isMailSystem("postmaster@regionstockholm.mail.protection.outlook.com"))
        #expect(!configured.isMailSystem("postmaster@regionstockholm.se"))
        #expect(SenderRules().isMailSystem("MAILER-DAEMON@localhost"))
    }
}
