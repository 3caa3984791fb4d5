import Foundation
import TestSupport
import Testing

/// Hostile captures: each is refused or skipped within seconds and in bounded memory, with a
/// finding that names the file, and nothing outside the capture is read or contacted.
@Suite("check-updates on hostile input", .timeLimit(.minutes(5)))
struct CheckUpdatesHostileInputTests {
    static let envelopeStart =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        + "xmlns:u=\"urn:riv:itintegration:engagementindex:UpdateResponder:1\" xmlns:c=\"urn:riv:itintegration:engagementindex:1\">"

    /// Runs check-updates under Python, which reports the process's peak resident memory (KiB) and its wall time.
    static func measured(_ arguments: [String]) throws -> (result: ProcessResult, peakKiB: Int, seconds: Double) {
        let report = try CommandRunner.temporaryDirectory() + "/rusage"
        let script = """
            import resource, subprocess, sys, time
            start = time.monotonic()
            status = subprocess.run(sys.argv[2:]).returncode
            open(sys.argv[1], "w").write("%d %f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - start))
            sys.exit(status)
            """
        let home = try CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(
            "/usr/bin/python3",
            ["-c", script, report, CommandRunner.binary, "check-updates", "--no-record"] + arguments,
            environment: CommandRunner.environment(home: home))
        let fields = try String(contentsOfFile: report, encoding: .utf8).split(separator: " ")
        return (result, Int(fields[0]) ?? 0, Double(fields[1]) ?? 0)
    }

    /// Exit 65 with an `xml.malformed` finding for `path` that says `fragment`, within 100 MB (a hang
    /// ends at the suite's time limit; times belong in scripts/bench).
    static func expectRefused(
        _ text: [UInt8], saying fragment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let path = try CommandRunner.temporaryDirectory() + "/hostile.xml"
        try Data(text).write(to: URL(fileURLWithPath: path))
        let (result, peak, _) = try measured([path, "--source-system", "SE2321000016-84GX"])
        #expect(result.status == 65, sourceLocation: sourceLocation)
        #expect(
            result.stdoutText.contains("error xml.malformed"), "\(result.stdoutText)", sourceLocation: sourceLocation)
        #expect(
            result.stdoutText.contains("\(path):"), "expected \(path) in:\n\(result.stdoutText)",
            sourceLocation: sourceLocation)
        #expect(result.stdoutText.contains(fragment), "\(result.stdoutText)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(peak < 100_000, "\(peak) KiB", sourceLocation: sourceLocation)
    }

    @Test func refusesAnExternalEntityNamingALocalFileWithoutReadingIt() throws {
        let secret = try CommandRunner.temporaryDirectory() + "/secret"
        try "SECRET-VALUE".write(toFile: secret, atomically: false, encoding: .utf8)
        let text =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n"
            + Self.envelopeStart
            + "<s:Body><u:Update><c:sourceSystem>&x;</c:sourceSystem></u:Update></s:Body></s:Envelope>\n"
        try Self.expectRefused(Array(text.utf8), saying: "DOCTYPE")
    }

    @Test func contactsNoLoopbackURL() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)/evil"
        let text =
            "<!DOCTYPE s:Envelope SYSTEM \"\(url)/x.dtd\" [<!ENTITY x SYSTEM \"\(url)/entity\">]>\n"
            + Self.envelopeStart + "<s:Body><u:Update>&x;</u:Update></s:Body></s:Envelope>\n"
        try Self.expectRefused(Array(text.utf8), saying: "DOCTYPE")
        #expect(listener.connectionsWaiting() == 0)
    }

    @Test func refusesAnElementWithTwoHundredThousandAttributesBeforeLibxml2SeesIt() throws {
        let attributes = (0..<200_000).map { " a\($0)=\"1\"" }.joined()
        let text = Self.envelopeStart + "<s:Body><u:Update\(attributes)/></s:Body></s:Envelope>\n"
        try Self.expectRefused(Array(text.utf8), saying: "an element with more than 256 attributes is refused")
    }

    @Test func refusesBillionLaughs() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 1...9 {
            text +=
                "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10)
                + "\">"
        }
        text += "]>\n" + Self.envelopeStart + "<s:Body><u:Update>&lol9;</u:Update></s:Body></s:Envelope>\n"
        try Self.expectRefused(Array(text.utf8), saying: "DOCTYPE")
    }

    @Test func refusesTenThousandNestedElements() throws {
        let text =
            Self.envelopeStart + "<s:Body><u:Update>" + String(repeating: "<a>", count: 10_000)
            + String(repeating: "</a>", count: 10_000) + "</u:Update></s:Body></s:Envelope>\n"
        try Self.expectRefused(Array(text.utf8), saying: "elements nest deeper than 64 levels")
    }

    @Test func refusesInvalidUTF8WithoutEchoingIt() throws {
        let text =
            Array((Self.envelopeStart + "<s:Body><u:Update><c:x>1912").utf8) + [0xC3, 0x28, 0xFF]
            + Array("1212</c:x></u:Update></s:Body></s:Envelope>\n".utf8)
        try Self.expectRefused(text, saying: "not well-formed XML")
    }

    @Test func skipsTwoGigabytesOfTextWithoutATagInBoundedMemory() throws {
        let path = try CommandRunner.temporaryDirectory() + "/huge.log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        // 2 GiB of NUL bytes in a sparse file: read as 2 GiB, but nothing is written to the disk.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 1 << 31)
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (result, peak, _) = try Self.measured([path, "--source-system", "SE2321000016-84GX"])
        #expect(result.status == 65)
        #expect(result.stdoutText.contains("error input.unreadable (1)"))
        #expect(result.stdoutText.contains("\(path):1: a line over 64 MiB was skipped"), "\(result.stdoutText)")
        #expect(peak < 250_000, "\(peak) KiB")
    }
}
