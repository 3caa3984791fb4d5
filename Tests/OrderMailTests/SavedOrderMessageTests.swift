import Foundation
import Testing

@testable import OrderMail

/// `record --from-message` with an Outlook `.msg` saved from Sent Items: the order's text as
/// ordermail's Swedish template wrote it, the headers as the server saw them.
@Suite("An order read back from a .msg saved from Sent Items")
struct SavedOrderMessageTests {
    @Test func readsTheOrderFromAnOutlookMsgThatOlefileAndExtractMsgRead() throws {
        var request = OrderRequestTests.request("production")
        request.vendor = SourcedValue("Cosmic AB")
        request.reference = SourcedValue("RS 2026/42")
        request.contactPhone = SourcedValue("08-123 456 78")
        request.regionHSAID = SourcedValue("SE2321000016-A65H")
        request.complianceConfirmed = true
        let order = try request.validated(today: Fixtures.pinnedEnvironment.today)
        let message = try order.message(
            addressing: Fixtures.addressing, templatesDirectory: Fixtures.templatesDirectory,
            environment: Fixtures.pinnedEnvironment)
        let body = message.text.body.replacingOccurrences(of: "\n", with: "\r\n")
        let headers = [
            "Received: from mail.regionstockholm.se by mx.1177.se; Thu, 3 Dec 2026 09:41:00 +0100",
            "From: =?utf-8?q?Anna_Andersson?= <anna.andersson@regionstockholm.se>", "To: e-tjanster@1177.se",
            "Cc: Integration <integration@regionstockholm.se>", "Subject: \(message.text.subject)",
            "Date: Thu, 3 Dec 2026 09:41:00 +0100", "Message-ID: <sent-1@regionstockholm.se>", "MIME-Version: 1.0", "",
            "",
        ].joined(separator: "\r\n")
        let file = CompoundFileWriter.write(
            streams: OutlookMessageFixture.streams([
                0x007D: headers, 0x0037: message.text.subject, 0x1000: body, 0x1035: "<sent-1@regionstockholm.se>",
                0x0C1A: "Anna Andersson", 0x0C1F: "anna.andersson@regionstockholm.se", 0x001A: "IPM.Note",
            ]))
        let path = try Fixtures.temporaryDirectory() + "/order.msg"
        try Data(file).write(to: URL(fileURLWithPath: path))
        // olefile checks the container; extract-msg reads the message's properties.
        let streams =
            try JSONSerialization.jsonObject(with: Data(MailPythonHelper.run("read_msg_olefile.py", [path])))
            as? [String: Any]
        #expect(streams?["__substg1.0_1000001F"] as? String == body)
        let read = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    MailPythonHelper.run("read_msg_extract.py", [path], python: MailPythonHelper.extractMsgPython)))
                as? [String: Any])
        #expect(read["subject"] as? String == message.text.subject)
        #expect(read["messageId"] as? String == "<sent-1@regionstockholm.se>")
        #expect(read["to"] as? String == "e-tjanster@1177.se")
        #expect(
            (read["body"] as? String)?.contains("HSA-id för tidbokningssystemet: SE2321000016-84GX") == true, "\(read)")

        let placed = try SavedOrderMessage.read(path, region: nil)
        #expect(placed.readingProblems.isEmpty)
        #expect(placed.messageID == "sent-1@regionstockholm.se")
        #expect(placed.sentAt == DateFormats.date(fromTimestamp: "2026-12-03T08:41:00Z"))
        #expect(placed.recipients == ["e-tjanster@1177.se"] && placed.copies == ["integration@regionstockholm.se"])
        let validated = try #require(
            placed.request.validation(today: CalendarDate(year: 2026, month: 12, day: 3)!, placedOutside: true).order)
        #expect(validated.environment == .production && validated.complianceConfirmed)
        #expect(validated.sourceSystem.verbatim == order.sourceSystem.verbatim)
        #expect(
            validated.systemName == order.systemName && validated.region == order.region
                && validated.regionHSAID == order.regionHSAID)
        #expect(
            validated.contact == order.contact && validated.reference == order.reference
                && validated.vendor == order.vendor)
        #expect(validated.language == .sv)
    }
}
