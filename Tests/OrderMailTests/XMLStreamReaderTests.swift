import Foundation
import Glibc
import TestSupport
import Testing

@testable import OrderMail

@Suite("The streaming XML reader over libxml2")
struct XMLStreamReaderTests {
    static func events(_ text: String) throws(XMLReadError) -> [XMLEvent] {
        var events: [XMLEvent] = []
        try XMLStreamReader.read(Array(text.utf8)) { events.append($0) }
        return events
    }

    static func refusal(_ bytes: [UInt8]) -> XMLReadError? {
        do {
            try XMLStreamReader.read(bytes) { _ in }
            return nil
        } catch {
            return error
        }
    }

    @Test func givesElementsWithNamespacesAndLines() throws {
        let events = try Self.events("<a xmlns=\"urn:x\">\n<b>t</b><c/></a>")
        let a = XMLName(namespace: "urn:x", localName: "a")
        let b = XMLName(namespace: "urn:x", localName: "b")
        let c = XMLName(namespace: "urn:x", localName: "c")
        #expect(
            events == [
                .start(a, line: 1), .text("\n"), .start(b, line: 2), .text("t"), .end(b),
                .start(c, line: 2), .end(c), .end(a),
            ])
    }

    @Test func textIsTheConcatenationOfTextCDATAAndPredefinedEntities() throws {
        let events = try Self.events("<s>SE2321000016-84<![CDATA[GX]]>&#x2D;&amp;</s>")
        let text = events.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
        #expect(text == "SE2321000016-84GX-&")
    }

    @Test func refusesADoctypeEvenWithOnlyInternalEntities() {
        let error = Self.refusal(Array("<!DOCTYPE s [<!ENTITY e \"GX\">]><s>SE2321000016-84&e;</s>".utf8))
        #expect(error?.message.contains("DOCTYPE") == true)
    }

    @Test func refusesAnExternalEntityNamingALocalFileWithoutReadingIt() throws {
        let secret = try TemporaryFolders.make() + "/secret"
        try "19121212-1212".write(toFile: secret, atomically: false, encoding: .utf8)
        var events: [XMLEvent] = []
        let document = "<!DOCTYPE s [<!ENTITY x SYSTEM \"file://\(secret)\">]><s>&x;</s>"
        let error = #expect(throws: XMLReadError.self) {
            try XMLStreamReader.read(Array(document.utf8)) { events.append($0) }
        }
        #expect(error?.message == "a DOCTYPE is refused (no DTD or entity declarations are read)")
        #expect(events.isEmpty)
    }

    @Test func opensNoConnectionForAnExternalDTDOrEntityOnLoopback() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)/x.dtd"
        for document in [
            "<!DOCTYPE s SYSTEM \"\(url)\"><s/>",
            "<!DOCTYPE s [<!ENTITY % p SYSTEM \"\(url)\"> %p;]><s/>",
            "<!DOCTYPE s [<!ENTITY x SYSTEM \"\(url)\">]><s>&x;</s>",
        ] {
            #expect(Self.refusal(Array(document.utf8)) != nil)
        }
        #expect(listener.connectionsWaiting() == 0)
    }

    /// A hang, not a slow run, is what the time limit catches (times belong in scripts/bench).
    @Test(.timeLimit(.minutes(1))) func refusesBillionLaughsQuickly() {
        var document = "<!DOCTYPE l [<!ENTITY l0 \"ha\">"
        for level in 1...10 {
            document += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        document += "]><l>&l10;</l>"
        let error = Self.refusal(Array(document.utf8))
        #expect(error != nil, "\(String(describing: error))")
    }

    @Test func refusesNestingDeeperThanItsLimit() {
        let document = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(
            Self.refusal(Array(document.utf8)) == XMLReadError(message: "elements nest deeper than 64 levels", line: 1))
        let shallow = String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)
        #expect(Self.refusal(Array(shallow.utf8)) == nil)
    }

    @Test func refusesInvalidUTF8WithoutQuotingTheBytes() {
        let error = Self.refusal(Array("<s>1912".utf8) + [0xC3, 0x28] + Array("1212</s>".utf8))
        #expect(error != nil)
        #expect(error?.message.contains("0x") == false)
    }

    @Test func refusesATruncatedDocument() {
        let error = Self.refusal(Array("<a><b>SE2321000016-84GX</b><b>SE23".utf8))
        #expect(error != nil)
    }

    @Test func refusesTextWithoutATag() {
        #expect(Self.refusal(Array("just some text".utf8)) != nil)
        #expect(Self.refusal([]) != nil)
    }

    @Test func findsTheLineOfAnElementWithTooManyAttributesOnlyPastTheLimit() {
        func element(_ count: Int) -> String { "<e" + (0..<count).map { " a\($0)=\"x=1\"" }.joined() + "/>" }
        let allowed = "<r>\n<!-- a=b -->\n" + element(XMLStreamReader.maximumAttributes) + "\n</r>"
        #expect(XMLStreamReader.lineOfElementWithTooManyAttributes(Array(allowed.utf8)) == nil)
        let refused =
            "<r>\n<?x a=b?>\n<f a='1'>text = more</f>\n" + element(XMLStreamReader.maximumAttributes + 1) + "\n</r>"
        #expect(XMLStreamReader.lineOfElementWithTooManyAttributes(Array(refused.utf8)) == 4)
    }
}
