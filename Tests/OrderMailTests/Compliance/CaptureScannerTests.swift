import Foundation
import Testing

@testable import OrderMail

/// Where the scanner finds documents in text, and what it takes from around them.
@Suite("Finding requests in captured text")
struct CaptureScannerTests {
    static func documents(_ text: String) -> (found: [FoundDocument], scanner: CaptureScanner) {
        var scanner = CaptureScanner()
        var found: [FoundDocument] = []
        // Bytes, not Characters: "\r\n" is one Character.
        for (index, line) in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            scanner.take(line: line.last == 0x0D ? line.dropLast() : line, number: index + 1) { found.append($0) }
        }
        scanner.finish { found.append($0) }
        return (found, scanner)
    }

    static func text(_ document: FoundDocument) -> String { String(decoding: document.bytes, as: UTF8.self) }

    @Test func findsSeveralDocumentsOnOneLineAndNothingElse() {
        let (found, _) = Self.documents(
            "x <a:Update xmlns:a=\"u\"><b/></a:Update> y <UpdateResponse>ok</UpdateResponse> <Updates/>")
        #expect(
            found.map(Self.text) == ["<a:Update xmlns:a=\"u\"><b/></a:Update>", "<UpdateResponse>ok</UpdateResponse>"])
    }

    @Test func followsAPrettyPrintedDocumentWithAStartTagBrokenOverLines() {
        let (found, _) = Self.documents(
            "2026-11-20 14:03:00,123 INFO sending\n<soap:Envelope\n  xmlns:soap=\"s\">\n <x/>\n</soap:Envelope >\nafter"
        )
        #expect(found.count == 1)
        #expect(found.first.map(Self.text) == "<soap:Envelope\n  xmlns:soap=\"s\">\n <x/>\n</soap:Envelope >")
        #expect(found.first?.line == 2)
        #expect(
            found.first?.capturedAt
                == ISO8601DateFormatter().date(from: "2026-11-20T13:03:00Z")?.addingTimeInterval(0.123))
    }

    @Test func handsOverADocumentCutOffByALegacyEndLine() {
        let (found, _) = Self.documents(
            "BusinessCorrelationId=abc-1\n-originalServiceconsumerHsaid=SE2321000016-84GX\nPayload=<s:Envelope xmlns:s=\"x\">\n<s:Body>\n** req-in.end *****"
        )
        #expect(found.count == 1)
        #expect(found.first.map(Self.text) == "<s:Envelope xmlns:s=\"x\">\n<s:Body>\n")
        #expect(found.first?.correlationID == "abc-1")
        #expect(found.first?.originalConsumer == "SE2321000016-84GX")
    }

    @Test func readsNestedECSFieldsAndTheXMLInAString() throws {
        let event: [String: Any] = [
            "@timestamp": "2026-11-20T13:03:00.000Z", "trace": ["id": "t-9"],
            "labels": ["originalServiceconsumerHsaid": "SE2321000016-F835"],
            "http": ["request": ["body": ["content": "<Update xmlns=\"u\">\n<a>\"q\"</a>\n</Update>"]]],
        ]
        let line = String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
        let (found, _) = Self.documents("first line\n" + line)
        #expect(found.count == 1)
        #expect(found.first.map(Self.text) == "<Update xmlns=\"u\">\n<a>\"q\"</a>\n</Update>")
        #expect(found.first?.line == 2 && found.first?.isEmbedded == true)
        #expect(found.first?.correlationID == "t-9" && found.first?.originalConsumer == "SE2321000016-F835")
        #expect(found.first?.capturedAt == ISO8601DateFormatter().date(from: "2026-11-20T13:03:00Z"))
    }

    @Test func takesTheTimeOfAnHTTPDump() {
        let (found, _) = Self.documents(
            "POST /ei HTTP/1.1\r\nDate: Fri, 20 Nov 2026 13:03:00 GMT\r\n\r\n<Update>x</Update>\r")
        #expect(found.first?.capturedAt == ISO8601DateFormatter().date(from: "2026-11-20T13:03:00Z"))
    }

    @Test func notesADoctypeOutsideAnyDocument() {
        let (found, scanner) = Self.documents("<!DOCTYPE x [<!ENTITY e \"v\">]>\n<Update>&e;</Update>")
        #expect(scanner.doctypeLines == [1])
        #expect(found.count == 1)
    }

    @Test func handsOverATruncatedDocumentAtTheEnd() {
        let (found, _) = Self.documents("<Update><a>1</a>\n<a>2")
        #expect(found.map(Self.text) == ["<Update><a>1</a>\n<a>2\n"])
    }

    @Test func readsLocalAndZonedLogTimestamps() {
        let timestamps = CaptureTimestamps()
        let zoned = timestamps.parseLogTimestamp(Array("2026-11-20T14:03:00+01:00 x".utf8)[...])
        let local = timestamps.parseLogTimestamp(Array("[2026-11-20 14:03:00] x".utf8)[...])
        #expect(zoned == ISO8601DateFormatter().date(from: "2026-11-20T13:03:00Z"))
        #expect(local == zoned)
        #expect(timestamps.parseLogTimestamp(Array("2026-13-20 14:03:00".utf8)[...]) == nil)
        #expect(timestamps.parseTS("20270229100000") == nil)
        #expect(timestamps.parseTS("20280229100000") != nil)
    }
}
