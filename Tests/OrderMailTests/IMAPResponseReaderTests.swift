import Testing

@testable import OrderMail

/// Reading IMAP replies byte by byte, literals by their byte count.
@Suite("IMAP reply reader")
struct IMAPResponseReaderTests {
    static func read(_ pieces: [String], tag: String = "A005") -> IMAPResponseReader {
        var reader = IMAPResponseReader(tag: tag)
        for piece in pieces { reader.take(Array(piece.utf8)) }
        return reader
    }

    @Test func reassemblesALiteralByItsByteCount() throws {
        let body = "Subject: SV: order\r\n\r\n* 3 EXISTS\r\nA005 OK looks like the end\r\nlast line"
        let lines = [
            "* 1 FETCH (UID 7 BODY[] {\(body.utf8.count)}\r\n", "Subject: SV: order\r\n", "\r\n", "* 3 EXISTS\r\n",
            "A005 OK looks like the end\r\n", "last line)\r\n", "A005 OK Fetch completed.\r\n",
        ]
        let reader = Self.read(lines)
        try reader.finish()
        #expect(reader.untagged == [.init(text: "* 1 FETCH (UID 7 BODY[] )", literals: [Array(body.utf8)])])
        #expect(reader.status?.word == "OK")
    }

    @Test func aLiteralSplitAnywhereIsReassembled() throws {
        let body = "Rad ett\r\nA005 OK inte slutet\r\n"
        let whole = Array(
            "* 2 FETCH (UID 9 BODY[] {\(body.utf8.count)}\r\n\(body))\r\nA005 OK Fetch completed.\r\n".utf8)
        for cut in [1, 7, 30, whole.count - 3] {
            var reader = IMAPResponseReader(tag: "A005")
            #expect(reader.take(whole[..<cut]) == cut)
            #expect(reader.take(whole[cut...]) == whole.count - cut)
            try reader.finish()
            #expect(reader.untagged.first?.literals == [Array(body.utf8)])
        }
    }

    @Test func aConnectionThatEndsInsideTheLiteralIsNotWhole() {
        let reader = Self.read(["* 1 FETCH (UID 7 BODY[] {40}\r\n", "Hej\r\n", "A005 OK Fetch completed.\r\n"])
        #expect(throws: IMAPProtocolError("a literal ended 9 bytes short of its announced size")) {
            try reader.finish()
        }
    }

    @Test func aMissingTaggedReplyOrALineWithoutItsEndIsNotWhole() {
        #expect(throws: IMAPProtocolError("the tagged reply to A005 never came")) {
            try Self.read(["* SEARCH 1 2\r\n"]).finish()
        }
        #expect(throws: IMAPProtocolError("a reply was cut off")) { try Self.read(["* SEARCH 1 2"]).finish() }
    }

    @Test func bytesAfterTheTaggedReplyAreLeftForTheNextCommand() {
        var reader = IMAPResponseReader(tag: "A005")
        #expect(reader.take(Array("A005 OK done\r\n* 1 EXISTS\r\n".utf8)) == 14)
        #expect(reader.isDone && reader.untagged.isEmpty)
    }

    @Test func aLineOrLiteralOverItsBoundBreaksTheReplyAsItArrives() {
        var long = IMAPResponseReader(tag: "A005", longestLine: 100, largestLiteral: 1000)
        long.take(Array(("* SEARCH " + String(repeating: "1 ", count: 200)).utf8))
        #expect(throws: IMAPProtocolError("a reply line is longer than 100 bytes")) { try long.finish() }
        let large = Self.read(["* 1 FETCH (UID 7 BODY[] {99999999999999}\r\n"])
        #expect(throws: IMAPProtocolError("a literal of 999999999999 bytes is larger than the 65536 taken")) {
            try large.finish()
        }
    }

    @Test func braceTextThatIsNoLiteralSizeIsPlainText() throws {
        let reader = Self.read(["* OK [ALERT] {not a size}\r\n", "A005 NO [CANNOT] refused\r\n"])
        try reader.finish()
        #expect(reader.untagged.map(\.text) == ["* OK [ALERT] {not a size}"])
        #expect(reader.status?.word == "NO" && reader.status?.text == "[CANNOT] refused")
    }
}
