import Testing

@testable import OrderMail

/// Reassembling IMAP literals from the lines libcurl hands over.
@Suite("IMAP reply reader")
struct IMAPResponseReaderTests {
    static func read(_ lines: [String], tag: String = "A005") -> IMAPResponseReader {
        var reader = IMAPResponseReader(tag: tag)
        for line in lines { reader.take(Array(line.utf8)) }
        return reader
    }

    @Test func reassemblesALiteralByItsByteCount() throws {
        let body = "Subject: SV: order\r\n\r\n* 3 EXISTS\r\nA005 OK looks like the end\r\nlast line"
        let lines = ["* 1 FETCH (UID 7 BODY[] {\(body.utf8.count)}\r\n", "Subject: SV: order\r\n", "\r\n", "* 3 EXISTS\r\n",
                     "A005 OK looks like the end\r\n", "last line)\r\n", "A005 OK Fetch completed.\r\n"]
        let reader = Self.read(lines)
        try reader.finish()
        #expect(reader.untagged == [.init(text: "* 1 FETCH (UID 7 BODY[] )", literals: [Array(body.utf8)])])
        #expect(reader.status?.word == "OK")
    }

    @Test func aCommandLibcurlEndedInsideTheLiteralIsNotWhole() {
        // libcurl stops at the body line that starts with the tag: the literal is short.
        let reader = Self.read(["* 1 FETCH (UID 7 BODY[] {40}\r\n", "Hej\r\n", "A005 OK Fetch completed.\r\n"])
        #expect(throws: IMAPProtocolError("a literal ended 9 bytes short of its announced size")) { try reader.finish() }
    }

    @Test func aMissingTaggedReplyOrALineWithoutItsEndIsNotWhole() {
        #expect(throws: IMAPProtocolError("the tagged reply to A005 never came")) { try Self.read(["* SEARCH 1 2\r\n"]).finish() }
        #expect(throws: IMAPProtocolError("a reply line has no line end")) { try Self.read(["* SEARCH 1 2"]).finish() }
        #expect(throws: IMAPProtocolError("more came after the tagged reply")) {
            try Self.read(["A005 OK done\r\n", "* 1 EXISTS\r\n"]).finish()
        }
    }

    @Test func braceTextThatIsNoLiteralSizeIsPlainText() throws {
        let reader = Self.read(["* OK [ALERT] {not a size}\r\n", "A005 NO [CANNOT] refused\r\n"])
        try reader.finish()
        #expect(reader.untagged.map(\.text) == ["* OK [ALERT] {not a size}"])
        #expect(reader.status?.word == "NO" && reader.status?.text == "[CANNOT] refused")
    }
}
