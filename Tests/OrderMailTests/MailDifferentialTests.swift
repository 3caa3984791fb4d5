import Foundation
import Testing

@testable import OrderMail

@Suite("Reading an mbox as Python's mailbox and email packages read it")
struct MailDifferentialTests {
    struct PythonMessage: Decodable {
        var subject: String
        var message_id: String
        var text: String?
    }

    @Test func readsTheSameSubjectsIdsAndPlainTextsAsPython() throws {
        let path = try Fixtures.temporaryDirectory() + "/varied.mbox"
        _ = try MailPythonHelper.run("make_bench_mbox.py", [path, "300", "3"])
        let python = try JSONDecoder().decode(
            [PythonMessage].self, from: Data(MailPythonHelper.run("read_mbox_python.py", [path])))
        let ours = try MailSource(paths: [path]).map { try $0.result.get() }
        #expect(ours.count == 300)
        #expect(python.count == 300)
        for (mail, theirs) in zip(ours, python) {
            #expect(mail.subject == theirs.subject)
            #expect("<\(mail.messageID ?? "")>" == theirs.message_id)
            if let text = theirs.text { #expect(mail.text == text) }
        }
        #expect(python.filter { $0.text != nil }.count > 200)
        #expect(ours.filter { $0.classification.name == "bounce" }.count == 6)
        #expect(ours.filter { !$0.inReplyTo.isEmpty }.count == 3)
    }
}
