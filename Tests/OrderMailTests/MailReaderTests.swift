import Foundation
import Testing

@testable import OrderMail

@Suite("Reading .eml, mbox, Maildir and Outlook .msg files")
struct MailReaderTests {
    static let reply = mailBytes([
        "From: e-tjanster@1177.se", "Subject: SV: Order", "Message-ID: <r1@1177.se>", "In-Reply-To: <o1@region.se>", "",
        "Klart.", "",
    ])

    static func write(_ bytes: [UInt8], _ name: String, in folder: String) throws -> String {
        let path = "\(folder)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func messages(_ paths: [String]) -> [(location: String, mail: ParsedMail?, error: OrderMailError?)] {
        MailSource(paths: paths).map { item in
            switch item.result {
            case .success(let mail): (item.location, mail, nil)
            case .failure(let error): (item.location, nil, error)
            }
        }
    }

    @Test func readsAnEmlFileWithItsSHA256AndMessageID() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Self.write(Self.reply, "reply.eml", in: folder)
        let items = Self.messages([path])
        #expect(items.count == 1)
        #expect(items.first?.location == path)
        #expect(items.first?.mail?.messageID == "r1@1177.se")
        #expect(items.first?.mail?.sha256 == SHA256.hex(Self.reply))
    }

    static func withAttachedMessage(subject: String) -> [UInt8] {
        mailBytes([
            "Subject: \(subject)", "Message-ID: <outer@region.se>", "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Type: text/plain", "", "Se bifogat.", "--b", "Content-Type: message/rfc822", "",
            "Subject: SV: Order", "Message-ID: <inner@1177.se>", "", "Klart.", "--b--", "",
        ])
    }

    @Test func aForwardAsAttachmentStandsForTheAttachedMessage() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Self.write(Self.withAttachedMessage(subject: "VB: SV: Order"), "forward.eml", in: folder)
        let items = Self.messages([path])
        #expect(items.map(\.location) == ["\(path), attached message 1"])
        #expect(items.first?.mail?.messageID == "inner@1177.se")
    }

    @Test func aReplyThatAttachesAMessageStandsForItself() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Self.write(Self.withAttachedMessage(subject: "SV: Order"), "reply.eml", in: folder)
        let items = Self.messages([path])
        #expect(items.map(\.location) == [path])
        #expect(items.first?.mail?.messageID == "outer@region.se")
        #expect(items.first?.mail?.attachedMessages.map(\.messageID) == ["inner@1177.se"])
    }

    @Test func splitsAnMboxAtFromLinesAndUnquotesFromInBodies() throws {
        let folder = try Fixtures.temporaryDirectory()
        let mbox = [
            "From support@1177.se Tue Dec  1 09:00:00 2026", "Subject: one", "Message-ID: <m1@x>", "", "First line",
            ">From the start", ">>From twice", "", "From anna@region.se Tue Dec  1 09:05:00 2026", "Subject: two",
            "Message-ID: <m2@x>", "", "Second", "",
        ].joined(separator: "\n")
        let path = try Self.write(Array(mbox.utf8), "box.mbox", in: folder)
        let items = Self.messages([path])
        #expect(items.map(\.location) == ["\(path), message 1", "\(path), message 2"])
        #expect(items.map { $0.mail?.messageID } == ["m1@x", "m2@x"])
        let first = "Subject: one\nMessage-ID: <m1@x>\n\nFirst line\nFrom the start\n>From twice\n"
        #expect(items.first?.mail?.bytes == Array(first.utf8))
        #expect(items.first?.mail?.sha256 == SHA256.hex(first))
        #expect(items.last?.mail?.text == "Second\n")
    }

    @Test(arguments: [-6, -5, -3, -1, 0, 1])
    func findsAFromLineThatStraddlesTheReadChunks(offset: Int) throws {
        let folder = try Fixtures.temporaryDirectory()
        let head = "From a@x Tue Dec  1 09:00:00 2026\nSubject: one\n\n"
        let filler = String(repeating: "x", count: 4 * 1024 * 1024 + offset - head.utf8.count - 1)
        let mbox = head + filler + "\nFrom b@x Tue Dec  1 09:01:00 2026\nSubject: two\nMessage-ID: <two@x>\n\nok\n"
        let path = try Self.write(Array(mbox.utf8), "chunks.mbox", in: folder)
        let items = Self.messages([path])
        #expect(items.count == 2)
        #expect(items.first?.mail?.text.utf8.count == filler.utf8.count + 1)
        #expect(items.last?.mail?.messageID == "two@x")
    }

    @Test func skipsAnOversizedMboxMessageWithAnErrorAndReadsTheRest() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = "\(folder)/big.mbox"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.write(
            Data(
                "From a@x Tue Dec  1 09:00:00 2026\nSubject: big\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n"
                    .utf8))
        let line = Data((String(repeating: "QUJD", count: 19) + "\n").utf8)
        var block = Data()
        for _ in 0..<(1 << 14) { block.append(line) }
        for _ in 0..<(68 * 1024 * 1024 / block.count) { handle.write(block) }
        handle.write(Data("\nFrom b@x Tue Dec  1 09:01:00 2026\nSubject: after\nMessage-ID: <after@x>\n\nok\n".utf8))
        try handle.close()
        let items = Self.messages([path])
        #expect(items.count == 2)
        #expect(
            items.first?.error == .invalidData("\(path), message 1: message is 70 MB; messages over 40 MB are not read")
        )
        #expect(items.last?.mail?.messageID == "after@x")
    }

    @Test func refusesAnEmlWithA50MBAttachmentBeforeReadingIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Self.write(
            mailBytes(["Subject: big", "Content-Type: application/zip", "Content-Transfer-Encoding: base64", "", ""]),
            "big.eml", in: folder)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 68_000_000)
        try handle.close()
        let good = try Self.write(Self.reply, "good.eml", in: folder)
        let items = Self.messages([path, good])
        #expect(items.first?.error == .invalidData("\(path): message is 68 MB; messages over 40 MB are not read"))
        #expect(items.last?.mail?.messageID == "r1@1177.se")
    }

    @Test func readsMaildirNewAndCurWithoutChangingAnything() throws {
        let folder = try Fixtures.temporaryDirectory()
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
        }
        _ = try Self.write(Self.reply, "cur/1733000000.M1P1.host:2,S", in: folder)
        _ = try Self.write(
            mailBytes(["Subject: new", "Message-ID: <n1@x>", "", "x"]), "new/1733000100.M2P2.host", in: folder)
        _ = try Self.write(mailBytes(["Subject: partial", "", "x"]), "tmp/1733000200.M3P3.host", in: folder)
        let before = try Self.snapshot(folder)
        let items = Self.messages([folder])
        #expect(items.map { $0.mail?.messageID } == ["n1@x", "r1@1177.se"])
        #expect(try Self.snapshot(folder) == before)
    }

    /// Every file below `folder` with its size and modification time.
    static func snapshot(_ folder: String) throws -> [String] {
        let paths = FileManager.default.subpaths(atPath: folder)?.sorted() ?? []
        return try paths.map { path in
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(folder)/\(path)")
            return "\(path) \(attributes[.size] ?? "") \(attributes[.modificationDate] ?? "")"
        }
    }

    @Test func reportsAMissingFileAndAFolderThatIsNoMaildirAndReadsTheRest() throws {
        let folder = try Fixtures.temporaryDirectory()
        let good = try Self.write(Self.reply, "good.eml", in: folder)
        let items = Self.messages(["\(folder)/missing.eml", folder, good])
        #expect(
            items.map(\.error) == [
                .missingInput(path: "\(folder)/missing.eml", reason: "no such file"),
                .missingInput(path: folder, reason: "is a folder but not a Maildir (it has no cur/ and new/)"),
                nil,
            ])
        #expect(items.last?.mail?.messageID == "r1@1177.se")
    }

    @Test func readsAnOutlookMsgFileThatOlefileAccepts() throws {
        let folder = try Fixtures.temporaryDirectory()
        let headers = [
            "Received: from mail.1177.se by mx.region.se; Tue, 1 Dec 2026 09:00:00 +0100",
            "From: =?utf-8?q?Support_f=C3=B6r_1177?= <e-tjanster@1177.se>", "Subject: SV: Beställning",
            "Message-ID: <msg-1@1177.se>", "In-Reply-To: <o1@region.se>", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;", "\tboundary=\"gone\"", "", "",
        ].joined(separator: "\r\n")
        let body = String(repeating: "Vi har vitlistat systemet. Hälsningar, Support\r\n", count: 100)
        let attachment = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let file = CompoundFileWriter.write(
            streams: OutlookMessageFixture.streams([
                0x007D: headers, 0x0037: "SV: Beställning", 0x1000: body, 0x0C1A: "Support för 1177",
            ]) + [
                ("__recip_version1.0_#00000000/__substg1.0_3001001F", Array("A\0n\0n\0a\0".utf8)),
                ("__attach_version1.0_#00000000/__substg1.0_37010102", attachment),
            ])
        let path = try Self.write(file, "reply.msg", in: folder)
        let seen =
            try JSONSerialization.jsonObject(with: Data(MailPythonHelper.run("read_msg_olefile.py", [path])))
            as? [String: Any]
        #expect(seen?["__substg1.0_007D001F"] as? String == headers)
        #expect(seen?["__substg1.0_1000001F"] as? String == body)
        #expect(seen?["__properties_version1.0"] as? Int == 32)
        #expect(seen?["__recip_version1.0_#00000000/__substg1.0_3001001F"] as? String == "Anna")
        #expect(seen?["__attach_version1.0_#00000000/__substg1.0_37010102"] as? Int == 10_000)

        let items = Self.messages([path])
        let mail = try #require(items.first?.mail)
        #expect(items.count == 1)
        #expect(mail.messageID == "msg-1@1177.se")
        #expect(mail.inReplyTo == ["o1@region.se"])
        #expect(mail.from == "Support för 1177 <e-tjanster@1177.se>")
        #expect(mail.subject == "SV: Beställning")
        #expect(mail.text == body.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(mail.headers["Received"] == "from mail.1177.se by mx.region.se; Tue, 1 Dec 2026 09:00:00 +0100")
    }

    @Test func readsAnUnsentMsgWithoutTransportHeadersFromItsProperties() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = CompoundFileWriter.write(
            streams: OutlookMessageFixture.streams(
                [
                    0x0037: "Automatiskt svar: Order", 0x5D01: "anna@region.se", 0x0C1A: "Anna Åberg",
                    0x1035: "<draft@region.se>",
                ],
                binary: [0x1013: Array("<p>Jag &auml;r borta.</p>".utf8)]))
        let path = try Self.write(file, "auto.msg", in: folder)
        _ = try MailPythonHelper.run("read_msg_olefile.py", [path])
        let mail = try #require(Self.messages([path]).first?.mail)
        #expect(mail.from == "Anna Åberg <anna@region.se>")
        #expect(mail.messageID == "draft@region.se")
        #expect(mail.text == "Jag är borta.")
        #expect(mail.classification == .autoReply(signal: "subject Automatiskt svar:"))
    }

    @Test func takesTheIdsTheTransportHeadersLackFromTheMsgProperties() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = CompoundFileWriter.write(
            streams: OutlookMessageFixture.streams([
                0x007D: "Received: by exchange.internal\r\nSubject: SV: Order\r\n", 0x1035: "<internal-1@region.se>",
                0x1042: "<o1@region.se>", 0x1000: "Klart.",
            ]))
        let path = try Self.write(file, "internal.msg", in: folder)
        _ = try MailPythonHelper.run("read_msg_olefile.py", [path])
        let mail = try #require(Self.messages([path]).first?.mail)
        #expect(mail.subject == "SV: Order")
        #expect(mail.messageID == "internal-1@region.se")
        #expect(mail.inReplyTo == ["o1@region.se"])
    }

    @Test func refusesADamagedMsgFileInOneLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        var file = CompoundFileWriter.write(streams: OutlookMessageFixture.streams([0x0037: "x"]))
        file.replaceSubrange(0x30..<0x34, with: [0x00, 0x10, 0x00, 0x00])
        let path = try Self.write(file, "bad.msg", in: folder)
        #expect(
            Self.messages([path]).first?.error
                == .invalidData(
                    "\(path): not a readable Outlook .msg file: broken sector chain (a sector out of range, or visited twice)"
                ))
    }
}
