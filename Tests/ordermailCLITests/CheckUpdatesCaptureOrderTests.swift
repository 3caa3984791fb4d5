import Foundation
import Testing

/// No false PASS from how a capture is read: pipes are read once, and the requests of all inputs
/// are checked in the order of capture.
@Suite("check-updates reads every input once, in the order of capture")
struct CheckUpdatesCaptureOrderTests {
    typealias Row = CheckUpdatesCommandTests.Row

    /// `check-updates` run by bash, so that the capture can reach it through a pipe, `<(…)` or a FIFO.
    static func shell(_ script: String, folder: String) throws -> ProcessResult {
        let home = try CommandRunner.temporaryDirectory()
        var environment = CommandRunner.environment(home: home)
        environment["ORDERMAIL"] = CommandRunner.binary
        environment["F"] = folder
        return try CommandRunner.run("/bin/bash", ["-c", script], environment: environment)
    }

    /// A capture of 400 requests over 256 KiB in all; the last one breaks a rule.
    static func bigCapture(_ folder: String) throws -> String {
        var text = ""
        for index in 1...400 {
            let second = String(format: "%02d", index % 60)
            let minute = String(format: "%02d", 3 + index / 60)
            text += CheckUpdatesCommandTests.logLine(
                [Row(booking: "BOOKING-\(index)", categorization: index == 400 ? "Booking" : "NA")],
                time: "2026-11-20 14:\(minute):\(second),000")
        }
        #expect(text.utf8.count > 256 << 10)
        let path = folder + "/capture.log"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// The report without the input's name, which differs between the ways it is passed, and the moment of the check.
    static func report(_ result: ProcessResult, name: String) -> String {
        withoutCheckTime(result.stdoutText.replacingOccurrences(of: name, with: "INPUT"))
    }

    static func withoutCheckTime(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.contains("\"checkedAt\"") }.joined(separator: "\n")
    }

    @Test func aPipeAFIFOAndStandardInputGiveTheSameReportAsTheFile() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let path = try Self.bigCapture(folder)
        let file = try Self.shell(
            "\"$ORDERMAIL\" check-updates \"$F/capture.log\" --no-record --format json", folder: folder)
        #expect(file.status == 65, "\(file.stderr)")
        #expect(file.stdoutText.contains("\"requests\" : 400"))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(file.stdoutText.contains("\"bytesRead\" : \(size ?? -1)"))
        let expected = Self.report(file, name: path)
        let ways = [
            (
                "process substitution",
                "\"$ORDERMAIL\" check-updates <(cat \"$F/capture.log\") --no-record --format json", "/dev/fd/"
            ),
            (
                "a pipe into -", "cat \"$F/capture.log\" | \"$ORDERMAIL\" check-updates - --no-record --format json",
                "(standard input)"
            ),
            (
                "a pipe into /dev/stdin",
                "cat \"$F/capture.log\" | \"$ORDERMAIL\" check-updates /dev/stdin --no-record --format json",
                "/dev/stdin"
            ),
            (
                "a named FIFO",
                "mkfifo \"$F/fifo\" && { cat \"$F/capture.log\" > \"$F/fifo\" & } && \"$ORDERMAIL\" check-updates \"$F/fifo\" --no-record --format json; status=$?; wait; exit $status",
                "\(folder)/fifo"
            ),
        ]
        for (label, script, name) in ways {
            let result = try Self.shell(script, folder: folder)
            #expect(result.status == 65, "\(label): \(result.stderr)")
            var text = result.stdoutText
            if name == "/dev/fd/" {
                text = text.replacing(/\/dev\/fd\/[0-9]+/, with: "INPUT")
            } else {
                text = text.replacingOccurrences(of: name, with: "INPUT")
            }
            #expect(Self.withoutCheckTime(text) == expected, "\(label)")
        }
    }

    @Test func aGzipStreamOnStandardInputIsReadAndAZipIsRefusedWithAHint() throws {
        let folder = try CommandRunner.temporaryDirectory()
        _ = try Self.bigCapture(folder)
        let gzip = try Self.shell(
            "gzip -c \"$F/capture.log\" | \"$ORDERMAIL\" check-updates - --no-record", folder: folder)
        #expect(gzip.status == 65)
        #expect(gzip.stdoutText.contains("requests: 400,"), "\(gzip.stdoutText)")
        let zip = try Self.shell(
            "cd \"$F\" && python3 -c 'import zipfile; zipfile.ZipFile(\"c.zip\", \"w\").write(\"capture.log\")' && cat c.zip | \"$ORDERMAIL\" check-updates - --no-record",
            folder: folder)
        #expect(zip.status == 65)
        #expect(
            zip.stdoutText.contains("cannot be read from a pipe or standard input (it needs seeking): pass the file"),
            "\(zip.stdoutText)")
    }

    /// ECS lines as Python, Kibana exports and many shippers write them: `"@timestamp": "…"`, a space after the colon.
    static func ecsLines(_ events: [(time: String, row: Row)], folder: String, name: String) throws {
        let script = """
            import json, sys
            with open(sys.argv[1], "w") as out:
                for line in sys.stdin.read().splitlines():
                    time, body = line.split(" ", 1)
                    out.write(json.dumps({"@timestamp": time, "event.action": "req-in", "http.request.body.content": body}) + "\\n")
            """
        let input = events.map { event in
            let line = CheckUpdatesCommandTests.logLine([event.row])
            return event.time + " "
                + String(line[line.range(of: "<s:Envelope")!.lowerBound...]).trimmingCharacters(in: .newlines)
        }.joined(separator: "\n")
        let made = try CommandRunner.run(
            "/usr/bin/python3", ["-c", script, folder + "/" + name], input: Array(input.utf8))
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test func rotatedJSONLogsWithASpacedTimestampFailAsTheSameEventsInOneFile() throws {
        let created = (time: "2026-11-20T13:03:00.000Z", row: Row(booking: "B-1"))
        let deleted = (
            time: "2026-11-20T13:04:00.000Z",
            row: Row(booking: "B-1", delete: true, unit: "SE2321000016-F835", start: nil)
        )
        let one = try CommandRunner.temporaryDirectory()
        try Self.ecsLines([created, deleted], folder: one, name: "vp.json")
        #expect(try String(contentsOfFile: one + "/vp.json", encoding: .utf8).contains("\"@timestamp\": \"2026"))
        let single = try CheckUpdatesCommandTests.check([one + "/vp.json"])
        #expect(single.status == 65)
        #expect(single.stdoutText.contains("error booking.delete-key-mismatch (1)"), "\(single.stdoutText)")
        // log4j's rotation: vp.json holds the newer events, vp.json.1 the older; a folder lists vp.json first.
        let rotated = try CommandRunner.temporaryDirectory()
        try Self.ecsLines([deleted], folder: rotated, name: "vp.json")
        try Self.ecsLines([created], folder: rotated, name: "vp.json.1")
        let result = try CheckUpdatesCommandTests.check([rotated])
        #expect(result.status == 65)
        #expect(result.stdoutText.contains("error booking.delete-key-mismatch (1)"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("booking.delete-unknown"))
        #expect(result.stdoutText.contains("\(rotated)/vp.json:1"), "the finding names the delete's own file")
    }

    @Test func twoNodesWhoseRequestsInterleaveFailAsOneLogDoes() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let log = { (rows: [(String, Row)]) in
            rows.map { CheckUpdatesCommandTests.logLine([$0.1], time: $0.0) }.joined()
        }
        // node2 starts first, but the delete it holds comes after node1's create.
        let other = ("2026-11-20 14:03:00,000", Row(booking: "B-2"))
        let create = ("2026-11-20 14:03:01,000", Row(booking: "B-1"))
        let delete = (
            "2026-11-20 14:03:02,000", Row(booking: "B-1", delete: true, unit: "SE2321000016-F835", start: nil)
        )
        try log([create]).write(toFile: folder + "/node1.log", atomically: false, encoding: .utf8)
        try log([other, delete]).write(toFile: folder + "/node2.log", atomically: false, encoding: .utf8)
        try log([other, create, delete]).write(toFile: folder + "/one.log", atomically: false, encoding: .utf8)
        let single = try CheckUpdatesCommandTests.check([folder + "/one.log"])
        #expect(single.stdoutText.contains("error booking.delete-key-mismatch (1)"))
        for inputs in [
            [folder + "/node2.log", folder + "/node1.log"], [folder + "/node1.log", folder + "/node2.log"],
        ] {
            let result = try CheckUpdatesCommandTests.check(inputs)
            #expect(result.status == 65)
            #expect(result.stdoutText.contains("error booking.delete-key-mismatch (1)"), "\(result.stdoutText)")
            #expect(!result.stdoutText.contains("could not be established"))
        }
    }

    @Test func anOrderTheTimestampsDoNotEstablishNeverLeavesAFindingBelowAWarning() throws {
        let folder = try CommandRunner.temporaryDirectory()
        // Two XML files without timestamps: the delete's file is named first.
        let soap = { (row: Row) -> String in
            let line = CheckUpdatesCommandTests.logLine([row])
            return String(line[line.range(of: "<s:Envelope")!.lowerBound...])
        }
        try soap(Row(booking: "B-1", delete: true, unit: "SE2321000016-F835", start: nil)).write(
            toFile: folder + "/a.xml", atomically: false, encoding: .utf8)
        try soap(Row(booking: "B-1")).write(toFile: folder + "/b.xml", atomically: false, encoding: .utf8)
        let result = try CheckUpdatesCommandTests.check([folder, "--captured-at", "2026-11-20 14:03:00"])
        #expect(result.stdoutText.contains("warning booking.order-unknown (1)"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("info booking.delete-unknown"))
        #expect(result.stdoutText.contains("could not be established from timestamps"))
    }
}
