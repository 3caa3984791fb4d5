import Foundation
import Testing

@testable import OrderMail

@Suite("Message encoding")
struct MessageEncodingTests {
    @Test(
        "quoted-printable keeps every line within 76 characters",
        arguments: [
            String(repeating: "å", count: 200), String(repeating: "a=", count: 100), String(repeating: "x ", count: 80),
            "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        ])
    func quotedPrintableLineLength(_ text: String) {
        let encoded = QuotedPrintable.encode(text + "\n")
        #expect(encoded.hasSuffix("\r\n"))
        for line in encoded.split(separator: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
    }

    @Test(arguments: [String(repeating: "xå€", count: 30) + " e\u{301}", String(repeating: "ae\u{301}", count: 30)])
    func quotedPrintableKeepsEachCharactersBytesOnOneLine(_ text: String) {
        let encoded = QuotedPrintable.encode(text + "\n")
        let lines = encoded.split(separator: "\r\n")
        #expect(lines.count > 1)
        var charactersPerLine = 0
        for line in lines {
            var bytes: [UInt8] = []
            var rest = Substring(line.hasSuffix("=") ? line.dropLast() : line)
            while let first = rest.first {
                if first == "=" {
                    bytes.append(UInt8(rest.dropFirst().prefix(2), radix: 16)!)
                    rest = rest.dropFirst(3)
                } else {
                    bytes += first.utf8
                    rest = rest.dropFirst()
                }
            }
            let decoded = String(validating: bytes, as: UTF8.self)
            #expect(decoded != nil, "\(line) splits a character")
            charactersPerLine += decoded?.count ?? 0
        }
        // A character cut between two lines would be counted once on each.
        #expect(charactersPerLine == text.count)
    }

    @Test func quotedPrintableEncodesTrailingWhiteSpaceAndEquals() {
        #expect(QuotedPrintable.encode("a = b \nc\t\n") == "a =3D b=20\r\nc=09\r\n")
    }

    @Test func quotedPrintableKeepsDotLinesForTheTransportToStuff() {
        #expect(QuotedPrintable.encode(".\n.x\n..y\n") == ".\r\n.x\r\n..y\r\n")
    }

    @Test func quotedPrintableMakesEveryLineEndCRLF() {
        #expect(QuotedPrintable.encode("a\r\nb\rc\nd") == "a\r\nb\r\nc\r\nd\r\n")
    }

    @Test(
        "encoded words are at most 75 characters and split between characters",
        arguments: [
            String(repeating: "åäö", count: 40), "Tidbokning för Vårdcentral Ängelholm och Överkalix", "a",
            String(repeating: "é", count: 31) + "€",
        ])
    func encodedWordLength(_ text: String) {
        let words = EncodedWord.encode(text)
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?utf-8?q?") && word.hasSuffix("?="))
        }
        // Each word on its own decodes to whole characters: no word ends inside a UTF-8 sequence.
        for word in words {
            let payload = word.dropFirst(10).dropLast(2)
            #expect(decodeQ(String(payload)) != nil, "\(word)")
        }
        #expect(words.compactMap { decodeQ(String($0.dropFirst(10).dropLast(2))) }.joined() == text)
    }

    @Test func displayNamesAreQuotedOrEncodedOnlyWhenNeeded() {
        #expect(HeaderField.phrase("Anna Andersson") == "Anna Andersson")
        #expect(HeaderField.phrase("Andersson, Anna \"AA\"") == "\"Andersson, Anna \\\"AA\\\"\"")
        #expect(HeaderField.phrase("Åsa Öberg").hasPrefix("=?utf-8?q?"))
    }

    @Test func longASCIISubjectsFoldAtSpaces() {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let field = HeaderField("Subject", unstructured: subject)
        let lines = field.wireForm.split(separator: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(field.encodedValue.replacingOccurrences(of: "\r\n", with: "") == subject)
    }

    @Test func datesAreInEnglishWithANumericZone() {
        #expect(Fixtures.pinnedEnvironment.dateHeaderValue == "Fri, 20 Nov 2026 14:03:00 +0100")
        let summer = Fixtures.pinnedEnvironment.now.addingTimeInterval(-150 * 86_400)
        let stockholmInSummer = MessageEnvironment(
            now: summer, timeZone: TimeZone(identifier: "Europe/Stockholm")!, makeMessageIDLocalPart: { "x" })
        #expect(stockholmInSummer.dateHeaderValue == "Tue, 23 Jun 2026 15:03:00 +0200")
        #expect(
            DateFormats.rfc5322(summer, in: TimeZone(secondsFromGMT: -(3 * 3600 + 1800))!)
                == "Tue, 23 Jun 2026 09:33:00 -0330")
    }

    /// Decodes a Q-encoded payload; nil when its bytes are not whole UTF-8 characters.
    private func decodeQ(_ payload: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(payload.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "_") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "="), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
