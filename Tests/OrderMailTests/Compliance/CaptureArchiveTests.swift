import Foundation
import TestSupport
import Testing

@testable import OrderMail

/// Captures in archives and compressed files, read through libarchive, and the bomb limits.
@Suite("check-updates reads archives within the bomb limits")
struct CaptureArchiveTests {
    typealias Generator = UpdateCaptureGenerator
    typealias Engagement = UpdateCaptureGenerator.Engagement

    /// A folder with `one.log` and `two.log`, each a log of one request (distinct bookings).
    static func logs() throws -> String {
        let folder = try TemporaryFolders.make()
        for (index, name) in ["one.log", "two.log"].enumerated() {
            let bytes = try Generator.capture([.request([.update("BOOKING-\(index)")])], shape: .logOneLine)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        return folder
    }

    /// Runs Python in `folder` (archives made by its standard library).
    static func python(_ script: String, in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    static func check(_ paths: [String], limits: CaptureInputs.Limits = CaptureInputs.Limits()) throws
        -> CheckUpdates.Outcome
    {
        var options = CheckUpdates.Options(
            inputs: paths, sourceSystem: Generator.sourceSystem, mask: PersonalDataMask(key: "k"))
        options.limits = limits
        return try CheckUpdates.run(options)
    }

    static func unreadable(_ outcome: CheckUpdates.Outcome) -> [String] {
        outcome.report.rules.first { $0.rule == "input.unreadable" }?.findings.map(\.message) ?? []
    }

    @Test func readsATarGzEntryByEntry() throws {
        let folder = try Self.logs()
        try Self.python(
            "import tarfile\nwith tarfile.open('c.tar.gz', 'w:gz') as t:\n t.add('one.log'); t.add('two.log')",
            in: folder)
        let outcome = try Self.check([folder + "/c.tar.gz"])
        #expect(outcome.report.rules.isEmpty, "\(outcome.report.rules)")
        #expect(outcome.report.filesRead.map(\.file) == ["\(folder)/c.tar.gz:one.log", "\(folder)/c.tar.gz:two.log"])
        #expect(outcome.summary.engagements == 2)
    }

    @Test func readsAZip64Archive() throws {
        let folder = try Self.logs()
        try Self.python(
            """
            import zipfile
            zipfile.ZIP64_LIMIT = 0
            zipfile.ZIP_FILECOUNT_LIMIT = 0
            with zipfile.ZipFile('c.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.write('one.log'); z.write('two.log')
            data = open('c.zip', 'rb').read()
            assert b'PK\\x06\\x06' in data, 'no Zip64 end record'
            """, in: folder)
        let outcome = try Self.check([folder + "/c.zip"])
        #expect(outcome.report.rules.isEmpty, "\(outcome.report.rules)")
        #expect(outcome.summary.engagements == 2)
    }

    @Test func opensAnArchiveInsideAnArchiveToOneLevel() throws {
        let folder = try Self.logs()
        try Self.python(
            """
            import tarfile, zipfile
            with tarfile.open('inner.tar.gz', 'w:gz') as t:
                t.add('two.log')
            with zipfile.ZipFile('outer.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.write('one.log'); z.write('inner.tar.gz')
            """, in: folder)
        let outcome = try Self.check([folder + "/outer.zip"])
        #expect(outcome.report.rules.isEmpty, "\(outcome.report.rules)")
        #expect(
            outcome.report.filesRead.map(\.file) == ["\(folder)/outer.zip:one.log", "\(folder)/outer.zip:inner.tar.gz"])
        #expect(outcome.summary.engagements == 2)
    }

    @Test func aPlainGzipIsNamedAsTheFile() throws {
        let folder = try Self.logs()
        try Self.python(
            "import gzip, shutil\nshutil.copyfileobj(open('one.log', 'rb'), gzip.open('one.log.gz', 'wb'))", in: folder)
        let outcome = try Self.check([folder + "/one.log.gz"])
        #expect(outcome.report.filesRead.map(\.file) == ["\(folder)/one.log.gz"])
        #expect(
            outcome.report.filesRead.first?.bytesRead
                == (try FileManager.default.attributesOfItem(atPath: folder + "/one.log")[.size] as? Int))
    }

    @Test func refusesAnArchiveThatInflatesPastTheRatio() throws {
        let folder = try TemporaryFolders.make()
        try Self.python("import gzip\ngzip.open('zeros.gz', 'wb').write(b'\\n' * (4 << 20))", in: folder)
        let outcome = try Self.check(
            [folder + "/zeros.gz"], limits: CaptureInputs.Limits(ratio: 100, ratioFloor: 1 << 20))
        #expect(outcome.summary.verdict == .fail)
        #expect(
            Self.unreadable(outcome).contains { $0.contains("inflates more than 100 times its size") },
            "\(Self.unreadable(outcome))")
        #expect(outcome.report.filesRead.first.map { $0.bytesRead < 2 << 20 } == true)
    }

    @Test func refusesMoreThanTheLimitPerInputAndPerRun() throws {
        let folder = try TemporaryFolders.make()
        try Self.python(
            "import gzip, os\nfor n in ('a', 'b'): gzip.open(n + '.gz', 'wb').write(os.urandom(600 << 10).hex().encode())",
            in: folder)
        let perInput = try Self.check([folder + "/a.gz"], limits: CaptureInputs.Limits(inflatedPerInput: 1 << 20))
        #expect(
            Self.unreadable(perInput).contains { $0.contains("more than 1048576 bytes (the limit per input)") },
            "\(Self.unreadable(perInput))")
        let perRun = try Self.check(
            [folder + "/a.gz", folder + "/b.gz"], limits: CaptureInputs.Limits(inflatedPerRun: 2 << 20))
        #expect(
            Self.unreadable(perRun).contains { $0.contains("more than 2097152 bytes (the limit per run)") },
            "\(Self.unreadable(perRun))")
    }

    @Test func refusesMoreEntriesThanTheLimit() throws {
        let folder = try Self.logs()
        try Self.python(
            "import zipfile\nwith zipfile.ZipFile('c.zip', 'w') as z:\n for n in range(5): z.write('one.log', 'e%d.log' % n)",
            in: folder)
        let outcome = try Self.check([folder + "/c.zip"], limits: CaptureInputs.Limits(entries: 3))
        #expect(Self.unreadable(outcome).contains { $0.contains("more than 3 entries") }, "\(Self.unreadable(outcome))")
    }

    @Test func refusesOverlappingZipEntries() throws {
        let folder = try Self.logs()
        // 64 central-directory records that all point at one entry's data, as the bomb of issue 26.
        try Self.python(
            """
            import struct, zipfile
            with zipfile.ZipFile('one.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.write('one.log', 'e00.log')
            data = open('one.zip', 'rb').read()
            start = data.index(b'PK\\x01\\x02'); end = data.index(b'PK\\x05\\x06')
            record = data[start:end]
            records = b''.join(record.replace(b'e00.log', b'e%02d.log' % n) for n in range(64))
            eocd = bytearray(data[end:])
            struct.pack_into('<HHII', eocd, 8, 64, 64, len(records), start)
            open('overlap.zip', 'wb').write(data[:start] + records + bytes(eocd))
            """, in: folder)
        let outcome = try Self.check([folder + "/overlap.zip"])
        #expect(outcome.summary.verdict == .fail)
        #expect(Self.unreadable(outcome).contains { $0.contains("overlapping entries") }, "\(Self.unreadable(outcome))")
        #expect(outcome.summary.engagements == 0)
    }
}
