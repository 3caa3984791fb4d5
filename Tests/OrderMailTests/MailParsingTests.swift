import Foundation
import Testing

@testable import OrderMail

/// Builds a message from lines joined with CRLF.
func mailBytes(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

@Suite("Reading RFC 5322 and MIME messages")
struct MailParsingTests {
    @Test func unfoldsHeaderFieldsAndDecodesEncodedWords() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "From: =?iso-8859-1?q?Support_f=F6r_1177?= <e-tjanster@1177.se>",
                "Subject: SV: =?utf-8?b?QmVzdMOkbGxuaW5n?=",
                "  =?utf-8?q?_av_vitlistning?= (QA)",
                "Message-ID: <reply-1@1177.se>",
                "In-Reply-To: <order-1@region.se>",
                "References: <qa-1@region.se>",
                " <order-1@region.se>",
                "",
                "Hej!",
            ]), location: "reply.eml")
        #expect(mail.from == "Support för 1177 <e-tjanster@1177.se>")
        #expect(mail.subject == "SV: Beställning av vitlistning (QA)")
        #expect(mail.messageID == "reply-1@1177.se")
        #expect(mail.inReplyTo == ["order-1@region.se"])
        #expect(mail.references == ["qa-1@region.se", "order-1@region.se"])
        #expect(mail.text == "Hej!")
        #expect(mail.classification == .reply)
        #expect(mail.sha256 == SHA256.hex(mail.bytes))
    }

    @Test func decodesQuotedPrintableWindows1252() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Subject: test",
                "Content-Type: text/plain; charset=\"Windows-1252\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Vi har vitlistat systemet i milj=F6n =96 klart =80 ",
                "en l=E5ng rad som bryts h=",
                "=E4r.",
            ]), location: "qp.eml")
        #expect(mail.text == "Vi har vitlistat systemet i miljön – klart €\nen lång rad som bryts här.")
    }

    @Test func readsLatin1LabelAndUndeclared8BitText() throws {
        let labelled = try ParsedMail(
            bytes: mailBytes([
                "Content-Type: text/plain; charset=iso-8859-1", "", "r\u{00E4}ksm\u{00F6}rg\u{00E5}s",
            ]).latin1Encoded, location: "latin1.eml")
        #expect(labelled.text == "räksmörgås")
        let undeclared = try ParsedMail(
            bytes: mailBytes(["Subject: x", "", "f\u{00F6}r"]).latin1Encoded, location: "raw.eml")
        #expect(undeclared.text == "för")
    }

    @Test func readsAnUnknownCharsetAsUTF8OrWindows1252WithANote() throws {
        let mail = try ParsedMail(
            bytes: mailBytes(["Content-Type: text/plain; charset=iso-8859-15", "", "\u{00E5}r"]).latin1Encoded,
            location: "latin9.eml")
        #expect(mail.text == "år")
        #expect(mail.notes == ["charset iso-8859-15 is not read here; the text was read as Windows-1252"])
    }

    @Test func skipsHTMLCommentsSuchAsOutlooksConditionalOnes() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Content-Type: text/html; charset=utf-8", "",
                "<html><!--[if gte mso 9]><xml><o:shapedefaults spidmax=\"1026\" /></xml><![endif]--><body>",
                "<p>Klart <!-- a > b -->nu.</p></body></html>",
            ]), location: "outlook.eml")
        #expect(mail.text == "Klart nu.")
    }

    @Test func prefersPlainTextInNestedMultipartAndDecodesBase64() throws {
        let plain = Data("Ärendet är registrerat.".utf8).base64EncodedString()
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Subject: nested", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"outer\"", "",
                "preamble", "--outer", "Content-Type: multipart/alternative; boundary=inner", "",
                "--inner", "Content-Type: text/html; charset=utf-8", "", "<p>HTML</p>",
                "--inner", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", plain,
                "--inner--", "--outer", "Content-Type: application/pdf",
                "Content-Disposition: attachment; filename=a.pdf",
                "Content-Transfer-Encoding: base64", "", "JVBERi0xLjQK", "--outer--", "epilogue",
            ]), location: "nested.eml")
        #expect(mail.text == "Ärendet är registrerat.")
        #expect(mail.notes.isEmpty)
    }

    @Test func unflowsFormatFlowedText() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=no", "",
                "Det h\u{00E4}r \u{00E4}r en ", "l\u{00E5}ng rad.", ">> citat ", ">> forts", " From stuffed", "-- ",
                "Support",
            ]), location: "flowed.eml")
        #expect(mail.text == "Det här är en lång rad.\n>> citat forts\nFrom stuffed\n-- \nSupport")
    }

    @Test func turnsHTMLOnlyBodiesIntoText() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Content-Type: text/html; charset=utf-8", "",
                "<html><head><style>p {color: red}</style></head><body><p>Hej&nbsp;Anna,</p>",
                "<div>Vi har vitlistat <b>SE2321000016-84GX</b> i QA.<br>Mvh &amp; tack</div>",
                "<p>&#197;sa &auml;r h&#xE4;r</p><script>alert(1)</script></body></html>",
            ]), location: "html.eml")
        #expect(mail.text == "Hej Anna,\nVi har vitlistat SE2321000016-84GX i QA.\nMvh & tack\nÅsa är här")
    }

    @Test func unwrapsAMessageForwardedAsAttachment() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Subject: FW: svar från supporten", "Content-Type: multipart/mixed; boundary=b", "",
                "--b", "Content-Type: text/plain", "", "Se bifogat.",
                "--b", "Content-Type: message/rfc822", "",
                "From: e-tjanster@1177.se", "Subject: SV: Order", "Message-ID: <inner@1177.se>",
                "In-Reply-To: <order@region.se>", "",
                "Klart.", "--b--",
            ]), location: "forward.eml")
        #expect(mail.text == "Se bifogat.")
        #expect(mail.attachedMessages.count == 1)
        let inner = try #require(mail.attachedMessages.first)
        #expect(inner.messageID == "inner@1177.se")
        #expect(inner.inReplyTo == ["order@region.se"])
        #expect(inner.text == "Klart.")
        #expect(
            inner.sha256
                == SHA256.hex(
                    Array(
                        mailBytes([
                            "From: e-tjanster@1177.se", "Subject: SV: Order", "Message-ID: <inner@1177.se>",
                            "In-Reply-To: <order@region.se>", "",
                            "Klart.",
                        ]))))
    }

    @Test func refusesAHeaderSectionOfTenThousandLines() throws {
        let lines = ["Subject: x"] + (1...10_000).map { "X-Filler-\($0): y" } + ["", "body"]
        #expect(throws: OrderMailError.invalidData("huge.eml: header section has more than 2000 lines")) {
            try ParsedMail(bytes: mailBytes(lines), location: "huge.eml")
        }
    }

    @Test func refusesAMessageOverTheSizeLimitBeforeParsingIt() throws {
        let bytes =
            mailBytes(["Subject: big", "", ""]) + [UInt8](repeating: 0x41, count: MailLimits.maximumMessageBytes + 1)
        #expect(throws: OrderMailError.invalidData("big.eml: message is 41 MB; messages over 40 MB are not read")) {
            try ParsedMail(bytes: bytes, location: "big.eml")
        }
    }

    @Test func refusesBytesThatAreNotMail() throws {
        #expect(throws: OrderMailError.invalidData("photo.eml: not a mail message: it starts with no header field")) {
            try ParsedMail(bytes: [0xFF, 0xD8, 0xFF, 0xE0, 0x0A, 0x0A], location: "photo.eml")
        }
    }

    @Test func notesATruncatedMultipartAndKeepsItsText() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "Content-Type: multipart/mixed; boundary=cut", "", "--cut", "Content-Type: text/plain", "", "Hej,",
                "--cut", "Content-Type: application/octet-stream", "Content-Transfer-Encoding: base64", "", "AAAA",
            ]), location: "cut.eml")
        #expect(mail.text == "Hej,")
        #expect(mail.notes == ["multipart ends without its closing boundary (the message may be truncated)"])
    }

    @Test func readsAMultipartWithAnInvalidOrAbsentBoundaryAsText() throws {
        let missing = try ParsedMail(
            bytes: mailBytes(["Content-Type: multipart/mixed", "", "just text"]), location: "a.eml")
        #expect(missing.text == "just text")
        #expect(missing.notes == ["multipart without a valid boundary parameter; its body was read as text"])
        let tooLong = String(repeating: "x", count: 71)
        let invalid = try ParsedMail(
            bytes: mailBytes(["Content-Type: multipart/mixed; boundary=\(tooLong)", "", "--\(tooLong)", "", "t"]),
            location: "b.eml")
        #expect(invalid.notes == ["multipart without a valid boundary parameter; its body was read as text"])
        let absent = try ParsedMail(
            bytes: mailBytes(["Content-Type: multipart/mixed; boundary=zz", "", "no delimiter here"]), location: "c.eml"
        )
        #expect(absent.text == "no delimiter here")
        #expect(absent.notes == ["multipart whose boundary \"zz\" never occurs; its body was read as text"])
    }

    @Test func readsALargeAttachmentWithoutDecodingIt() throws {
        let line = String(repeating: "QUJD", count: 19)
        var bytes = mailBytes([
            "Subject: large", "Content-Type: multipart/mixed; boundary=big", "", "--big", "Content-Type: text/plain",
            "", "Bilaga.",
            "--big", "Content-Type: application/zip", "Content-Transfer-Encoding: base64", "", "",
        ])
        let chunk = Array((line + "\r\n").utf8)
        bytes.reserveCapacity(38 * 1024 * 1024)
        for _ in 0..<(38 * 1024 * 1024 / chunk.count) { bytes += chunk }
        bytes += Array("--big--\r\n".utf8)
        let mail = try ParsedMail(bytes: bytes, location: "large.eml")
        #expect(mail.text == "Bilaga.")
        #expect(mail.notes.isEmpty)
    }

    @Test func stripsSwedishAndEnglishSubjectPrefixesRepeatedInAnyCase() {
        #expect(SubjectPrefixes.strip("SV: Sv: RE: re: VB: vb: FW: Fwd: AW: WG: Beställning") == "Beställning")
        #expect(SubjectPrefixes.strip("Automatiskt svar: Olevererbart: Läst: SV:Order") == "Order")
        #expect(SubjectPrefixes.strip("Svar på order") == "Svar på order")
    }

    @Test func parsesDatesWithAndWithoutWeekday() {
        #expect(
            DateFormats.date(fromRFC5322: "Tue, 1 Dec 2026 09:12:44 +0100 (CET)")
                == Date(timeIntervalSince1970: 1_796_112_764))
        #expect(
            DateFormats.date(fromRFC5322: "1 Dec 2026 08:12:44 +0000") == Date(timeIntervalSince1970: 1_796_112_764))
        #expect(DateFormats.date(fromRFC5322: "yesterday") == nil)
    }
}

extension Array where Element == UInt8 {
    /// The bytes of UTF-8 text re-encoded as ISO-8859-1 (every character below U+0100).
    var latin1Encoded: [UInt8] {
        String(decoding: self, as: UTF8.self).unicodeScalars.map { UInt8($0.value) }
    }
}

@Suite("Reading damaged mail never crashes")
struct DamagedMailTests {
    static let folder = "\(Fixtures.packageRoot)/Tests/OrderMailTests/MailFixtures"

    @Test(arguments: ["postfix-dsn.eml", "reply-outlook-windows1252-qp.eml", "read-receipt-rfc8098.eml"])
    func readsEveryTruncationOfAFixtureOrRefusesItInOneLine(name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.folder)/\(name)")))
        var refused = 0
        for length in stride(from: 0, to: bytes.count, by: 5) {
            do {
                _ = try ParsedMail(bytes: Array(bytes.prefix(length)), location: name)
            } catch {
                refused += 1
                #expect(!error.description.contains("\n"))
            }
        }
        // Only prefixes without a complete first header line are refused.
        #expect(refused < 16)
    }

    @Test func refusesAHeaderSectionOverOneMegabyte() throws {
        let bytes = mailBytes(["Subject: " + String(repeating: "=?x?", count: 300_000), "", "body"])
        #expect(throws: OrderMailError.invalidData("long.eml: header section is larger than 1024 kB")) {
            try ParsedMail(bytes: bytes, location: "long.eml")
        }
    }

    @Test func turnsHTMLFullOfUnclosedTagsIntoTextInLinearTime() throws {
        let bytes = mailBytes(["Content-Type: text/html", "", String(repeating: "<a", count: 500_000)])
        let mail = try ParsedMail(bytes: bytes, location: "tags.eml")
        #expect(mail.text.count == 1_000_000)
    }
}

extension DamagedMailTests {
    @Test func leavesOutAPartWithAnUnreadableHeaderSectionWithANote() throws {
        let filler = (1...2_500).map { "X-F\($0): y" }
        let mail = try ParsedMail(
            bytes: mailBytes(
                [
                    "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain", "", "Kvar.",
                    "--b",
                ] + filler + ["", "x", "--b--"]), location: "part.eml")
        #expect(mail.text == "Kvar.")
        #expect(mail.notes == ["part not read: header section has more than 2000 lines"])
    }
}

@Suite("Decoding RFC 2047 words and quoted-printable")
struct MailDecodingTests {
    @Test(arguments: [
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?UTF-8?B?w6Vy?=", "år"),
        ("=?utf-8?b?w6Vy?= text", "år text"),
        ("x =?iso-8859-1?q?=E5?=y", "x åy"),
        ("=?utf-8*sv?q?=C3=A5?=", "å"),
        ("=?utf-8?b?w6U?=", "å"),
        ("=?koi8-r?q?=C1?=", "=?koi8-r?q?=C1?="),
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="),
        ("=?utf-8?q?broken", "=?utf-8?q?broken"),
        ("plain text", "plain text"),
    ])
    func decodesEncodedWords(encoded: String, decoded: String) {
        #expect(EncodedWord.decode(encoded) == decoded)
    }

    @Test(arguments: [
        ("a=3Db", "a=b"),
        ("soft=\r\nbreak", "softbreak"),
        ("soft=  \nbreak", "softbreak"),
        ("lower =e5", "lower \u{E5}"),
        ("bad =4G and =", "bad =4G and "),
        ("trailing   \r\nnext", "trailing\r\nnext"),
    ])
    func decodesQuotedPrintable(encoded: String, decoded: String) {
        let bytes = QuotedPrintable.decode(Array(encoded.utf8)[...])
        #expect(bytes == Array(decoded.unicodeScalars.map { UInt8($0.value) }))
    }

    @Test func readsAMicrosoft365NonDeliveryReport() throws {
        let mail = try ParsedMail(
            bytes: mailBytes([
                "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@regionstockholm.se>",
                "Subject: =?iso-8859-1?Q?Olevererbart:_Best=E4llning?=",
                "Content-Type: multipart/report; report-type=delivery-status;", "\tboundary=\"_ndr_\"", "",
                "--_ndr_", "Content-Type: text/plain; charset=\"us-ascii\"", "",
                "Delivery has failed to these recipients.",
                "--_ndr_", "Content-Type: message/delivery-status", "",
                "Reporting-MTA: dns;AM0PR05MB6131.eurprd05.prod.outlook.com", "Received-From-MTA: dns;AM0PR05MB6131",
                "",
                "Final-Recipient: rfc822;e-tjanst@1177.se", "Action: failed", "Status: 5.1.10",
                "Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                "",
                "--_ndr_", "Content-Type: message/rfc822", "",
                "Message-ID: <AM0PR05MB6131A1B2C3D4E5F6@AM0PR05MB6131.eurprd05.prod.outlook.com>",
                "Subject: Beställning", "", "",
                "--_ndr_--",
            ]), location: "ndr.eml")
        #expect(mail.strippedSubject == "Beställning")
        #expect(
            mail.classification
                == .bounce(
                    DeliveryReport(
                        reportingMTA: "AM0PR05MB6131.eurprd05.prod.outlook.com",
                        recipients: [
                            DeliveryRecipient(
                                address: "e-tjanst@1177.se", action: "failed", status: "5.1.10",
                                diagnostic:
                                    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
                            )
                        ],
                        originalMessageID: "AM0PR05MB6131A1B2C3D4E5F6@AM0PR05MB6131.eurprd05.prod.outlook.com",
                        originalSubject: "Beställning")))
    }
}
