import Foundation
import Testing

/// No output of check-updates shows a personal identity number, in any form, wherever it sat in the capture.
@Suite("check-updates masks personal data")
struct CheckUpdatesPersonalDataTests {
    typealias Row = CheckUpdatesCommandTests.Row

    /// Personnummer, samordningsnummer and a reservnummer-shaped id, as 12 characters.
    static let numbers = ["191212121212", "199001712385", "19121212T123"]

    /// Every way a number can be written: with and without century, with `-`, `+` or nothing, and
    /// JSON- and XML-escaped.
    static func forms(_ number: String) -> [String] {
        let century = String(number.prefix(8))
        let short = String(number.dropFirst(2).prefix(6))
        let last = String(number.suffix(4))
        var forms: [String] = []
        for date in [century, short] {
            for separator in ["", "-", "+"] { forms.append(date + separator + last) }
            forms.append(date + "\\u002d" + last)
        }
        forms += forms.map { $0.unicodeScalars.map { "&#\($0.value);" }.joined() }
        forms.append(String(number.suffix(10)))
        return forms
    }

    /// A capture that puts the numbers everywhere a value can be echoed.
    static func capture() throws -> (folder: String, path: String) {
        let folder = try CommandRunner.temporaryDirectory()
        // File names are printed as given (CheckUpdatesFileNameTests): this one holds no number.
        let path = folder + "/capture.log"
        var text = CheckUpdatesCommandTests.logLine([
            Row(booking: "BOOKING-199001712385", person: "19121212-1212", categorization: "Booking"),
            Row(booking: "B-2", person: "199001712385", unit: "SE2321000016-121212+1212"),
            Row(booking: "B-3", person: "19121212T123", start: "20261101100000"),
        ])
        text +=
            "2026-11-20 14:03:01,000 DEBUG EIClient - Response: <u:UpdateResponse xmlns:u=\"urn:riv:itintegration:engagementindex:UpdateResponder:1\">"
            + "<u:ResultCode>ERROR</u:ResultCode><u:comment>Patient 121212-1212 and 19900171-2385 not found</u:comment></u:UpdateResponse>\n"
        text +=
            "2026-11-20 14:03:02,000 DEBUG EIClient - Update: <u:Update xmlns:u=\"urn:riv:itintegration:engagementindex:UpdateResponder:1\">"
            + "<u:engagementTransaction><p19121212T123>1212121212</p19121212-1212></u:engagementTransaction></u:Update>\n"
        let json = try JSONSerialization.data(withJSONObject: [
            "@timestamp": "2026-11-20T13:03:03.000Z", "trace.id": "t-1",
            "labels.originalServiceconsumerHsaid": "SE1912121212-1234",
            "http.request.body.content": CheckUpdatesCommandTests.logLine([
                Row(booking: "121212-1212", categorization: "X")
            ])
            .components(separatedBy: "Update: ")[1],
        ])
        text += String(decoding: json, as: UTF8.self) + "\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return (folder, path)
    }

    static func expectNoNumber(in result: ProcessResult, _ label: String) {
        let output = result.stdoutText + result.stderr
        for number in numbers {
            for form in forms(number) {
                #expect(!output.contains(form), "\(label) shows \(form)")
            }
        }
    }

    @Test func theLedgerHoldsNoNumberInAnyForm() throws {
        let (_, path) = try Self.capture()
        let ledger = try CommandRunner.temporaryDirectory() + "/ledger.sqlite3"
        let result = try CheckUpdatesCommandTests.check([
            path, "--source-system", CheckUpdatesCommandTests.system, "--ledger", ledger,
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("recorded compliance check 1"))
        // The process has ended, so the write-ahead log is in the file: every byte of the ledger.
        let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: ledger)), as: UTF8.self)
        #expect(bytes.contains("tidbokning-1.1"), "the check is in the ledger")
        for number in Self.numbers {
            for form in Self.forms(number) { #expect(!bytes.contains(form), "the ledger holds \(form)") }
        }
    }

    @Test func noOutputShowsANumberInAnyForm() throws {
        let (folder, path) = try Self.capture()
        for arguments in [
            [path], [path, "--format", "json"], [path, "--share"], [folder, "--format", "json", "--share"],
            [path, "--timeline", "BOOKING-199001712385"],
        ] {
            let result = try CheckUpdatesCommandTests.check(
                arguments + ["--source-system", CheckUpdatesCommandTests.system])
            #expect(result.status == 65, "\(arguments)")
            Self.expectNoNumber(in: result, arguments.joined(separator: " "))
        }
        let another = try CheckUpdatesCommandTests.file(
            CheckUpdatesCommandTests.logLine([Row(sourceSystem: "SE2321000016-19121212-1212")]),
            name: "other.log")
        let refused = try CheckUpdatesCommandTests.check([path, another])
        #expect(refused.status == 64)
        Self.expectNoNumber(in: refused, "the several-systems error")
    }

    @Test func showsTheKindAndTheSameDigestForTheSamePerson() throws {
        let (_, path) = try Self.capture()
        let result = try CheckUpdatesCommandTests.check([path, "--source-system", CheckUpdatesCommandTests.system])
        let text = result.stdoutText
        for kind in ["personnummer", "samordningsnummer", "reservnummer"] {
            #expect(text.contains("\(kind)#"), "\(kind)")
        }
        // 19121212-1212 (the resident id) and 121212-1212 (the response's comment) are one person.
        let digests = Set(text.matches(of: /personnummer#([0-9a-f]{8})/).map { String($0.output.1) })
        #expect(!digests.isEmpty)
        let again = try CheckUpdatesCommandTests.check([path, "--source-system", CheckUpdatesCommandTests.system])
        let other = Set(again.stdoutText.matches(of: /personnummer#([0-9a-f]{8})/).map { String($0.output.1) })
        #expect(digests.isDisjoint(with: other), "a random key per run")
    }

    /// The shapes the adversarial review planted (issue 23), with the digits or letters that must not appear.
    static let planted: [(value: String, leak: String)] = [
        (String(repeating: " ", count: 70) + "780202-9871", "780202-987"), ("1978020298710", "780202987"),
        ("19121212 1212", "19121212 1212"), ("780202 9871", "780202 987"), ("780202\u{2013}9871", "780202\u{2013}987"),
        ("19780202987;1", "780202987"),
        (
            "\u{FF11}\u{FF19}\u{FF17}\u{FF18}\u{FF10}\u{FF12}\u{FF10}\u{FF12}\u{FF19}\u{FF18}\u{FF17}\u{FF11}",
            "\u{FF17}\u{FF18}\u{FF10}"
        ),
        ("22121205KA27", "22121205KA27"), ("19810829M071", "19810829M071"), ("19810829SU3A", "19810829SU3A"),
    ]

    @Test func noOutputNorTheLedgerShowsAPlantedShape() throws {
        let rows = Self.planted.enumerated().map { index, planted in
            Row(
                booking: planted.value, person: index < 7 ? "191212121212" : planted.value, unit: "SE2321000016-A65H",
                categorization: "Booking")
        }
        let path = try CheckUpdatesCommandTests.file(
            CheckUpdatesCommandTests.logLine(rows)
                + "2026-11-20 14:03:01,000 DEBUG EIClient - Response: <u:UpdateResponse xmlns:u=\"urn:riv:itintegration:engagementindex:UpdateResponder:1\">"
                + "<u:ResultCode>ERROR</u:ResultCode><u:comment>" + Self.planted.map(\.value).joined(separator: " / ")
                + "</u:comment></u:UpdateResponse>\n")
        let ledger = try CommandRunner.temporaryDirectory() + "/ledger.sqlite3"
        var outputs: [String] = []
        for arguments in [
            [path, "--ledger", ledger], [path, "--format", "json"], [path, "--share"],
            [path, "--timeline", "1978020298710"],
        ] {
            let result = try CheckUpdatesCommandTests.check(
                arguments + ["--source-system", CheckUpdatesCommandTests.system])
            #expect(result.status == 65, "\(arguments)")
            outputs.append(result.stdoutText + result.stderr)
        }
        outputs.append(String(decoding: try Data(contentsOf: URL(fileURLWithPath: ledger)), as: UTF8.self))
        for output in outputs {
            for planted in Self.planted {
                #expect(!output.contains(planted.leak), "shows \(planted.leak.debugDescription)")
            }
        }
        #expect(outputs[0].contains("reservnummer#"))
    }
}
