import Testing

@testable import OrderMail

/// One home for Windows-1252 and UTF-8: a mail part and a unit list read the same bytes alike.
@Suite("Text decoding")
struct TextDecodingTests {
    @Test func mailReadsWindows1252WithItsTableAndMarksUndefinedBytes() {
        let bytes: [UInt8] = [0x80, 0x20, 0x81, 0x20, 0xE5, 0x96, 0x41, 0x9D]
        #expect(TextDecoding.text(windows1252: bytes) == "€ \u{FFFD} å–A\u{FFFD}")
        #expect(MailCharset.windows1252.decode(bytes[...]) == "€ \u{FFFD} å–A\u{FFFD}")
        #expect(MailCharset(label: "ISO-8859-1")?.decode([0x93, 0x68, 0x6A, 0x94][...]) == "\u{201C}hj\u{201D}")
    }

    @Test func aUnitListInWindows1252ReadsTheSameCharacters() throws {
        let decoded = try TextDecoding.decode([0x80, 0x20, 0xE5, 0x96, 0x41])
        #expect(decoded.encoding == .windows1252)
        #expect(
            String(decoding: decoded.utf8, as: UTF8.self)
                == TextDecoding.text(windows1252: [0x80, 0x20, 0xE5, 0x96, 0x41]))
    }

    @Test func captureSearchFindsTheEndOfANeedleEitherCase() {
        let line = Array("<s:Body></S:BODY>".utf8)[...]
        #expect(CaptureScanner.find(Array("</S:BODY".utf8), in: line, from: 0, caseInsensitive: false) == 16)
        #expect(CaptureScanner.find(Array("</s:body".utf8), in: line, from: 0, caseInsensitive: false) == nil)
        #expect(CaptureScanner.find(Array("</s:body".utf8), in: line, from: 0, caseInsensitive: true) == 16)
    }
}
