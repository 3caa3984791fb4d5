import Foundation
import Testing

/// Messages built to exhaust the reader: each is read within a memory bound (`ulimit -v`) and ends
/// with a normal outcome, the rest of the batch imported.
@Suite("hostile mail files")
struct HostileMailTests {
    /// `ordermail ARGUMENTS` under an address-space limit of `megabytes`.
    static func bounded(_ arguments: [String], megabytes: Int) throws -> ProcessResult {
        let quoted = ([CommandRunner.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let home = try CommandRunner.temporaryDirectory()
        return try CommandRunner.run(
            "/bin/sh", ["-c", "ulimit -v \(megabytes * 1024); exec \(quoted)"],
            environment: CommandRunner.environment(home: home))
    }

    /// A ledger with one draft, and a reply that matches nothing, in a fresh folder.
    static func ledgerAndFolder() throws -> (ledger: String, folder: String) {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        return (ledger, try CommandRunner.temporaryDirectory())
    }

    static let plainReply = Array(
        "From: someone@example.org\r\nSubject: Hej\r\nMessage-ID: <plain@example.org>\r\n\r\nInget om någon beställning.\r\n"
            .utf8)

    @Test(arguments: [9_000, 11_000])
    func messagesNestedThousandsOfLevelsDeepAreReadToTheDepthLimit(_ levels: Int) throws {
        let (ledger, folder) = try Self.ledgerAndFolder()
        let level = "From: a@example.org\r\nSubject: FW: nivå\r\nContent-Type: message/rfc822\r\n\r\n"
        let bomb = String(repeating: level, count: levels) + "From: a@example.org\r\nSubject: innerst\r\n\r\ntext\r\n"
        try Data(bomb.utf8).write(to: URL(fileURLWithPath: "\(folder)/nested.eml"))
        try Data(Self.plainReply).write(to: URL(fileURLWithPath: "\(folder)/plain.eml"))
        let result = try Self.bounded(
            ["replies", "import", "\(folder)/nested.eml", "\(folder)/plain.eml", "--dry-run", "--ledger", ledger],
            megabytes: 1024)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText.contains("\(folder)/plain.eml: "), "the rest of the batch is read: \(result.stdoutText)")
        #expect(result.stderr.contains("0 unreadable"), "\(result.stderr)")
    }

    /// A compound file of `sectors` 512-byte sectors after its header whose FAT makes every sector's
    /// next sector 1 (a chain that loops), its directory in sector 1 with a valid root entry whose
    /// mini stream claims 4 GB. `fatSectorsInHeader` of the header's 109 FAT sector numbers are 0;
    /// with `difatLoop`, sector 2 is a DIFAT sector naming sector 0 127 times and itself as the next.
    static func compoundFileBomb(sectors: Int, fatSectorsInHeader: Int, difatLoop: Bool) -> [UInt8] {
        var file = [UInt8](repeating: 0, count: 512 * (sectors + 1))
        func put(_ value: UInt32, at offset: Int) {
            for index in 0..<4 { file[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        file.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        file[0x1E] = 9
        file[0x20] = 6
        put(1, at: 0x30)  // directory
        put(4096, at: 0x38)
        put(1, at: 0x3C)  // mini FAT
        put(difatLoop ? 2 : 0xFFFF_FFFE, at: 0x44)
        for index in 0..<109 { put(index < fatSectorsInHeader ? 0 : 0xFFFF_FFFF, at: 0x4C + index * 4) }
        for index in 0..<128 { put(1, at: 512 + index * 4) }  // sector 0: the FAT
        let root = 512 * 2  // sector 1: the directory's root entry
        file[root] = 0x52
        file[root + 64] = 4
        file[root + 66] = 5
        put(0xFFFF_FFFF, at: root + 76)
        put(1, at: root + 116)
        put(0xFFFF_FFF0, at: root + 120)
        if difatLoop {
            for index in 0..<127 { put(0, at: 512 * 3 + index * 4) }
            put(2, at: 512 * 3 + 127 * 4)
        }
        return file
    }

    @Test(arguments: [(127, 109, true), (23, 109, false), (23, 1, false)])
    func compoundFilesWhoseSectorTablesRepeatOrLoopAreRefused(_ sectors: Int, _ fatSectors: Int, _ difatLoop: Bool)
        throws
    {
        let (ledger, folder) = try Self.ledgerAndFolder()
        try Data(Self.compoundFileBomb(sectors: sectors, fatSectorsInHeader: fatSectors, difatLoop: difatLoop))
            .write(to: URL(fileURLWithPath: "\(folder)/bomb.msg"))
        try Data(Self.plainReply).write(to: URL(fileURLWithPath: "\(folder)/plain.eml"))
        let result = try Self.bounded(
            ["replies", "import", "\(folder)/bomb.msg", "\(folder)/plain.eml", "--dry-run", "--ledger", ledger],
            megabytes: 1024)
        #expect(result.status == 65, "\(result.stderr)")
        let expected =
            difatLoop
            ? "more FAT sectors than the file has sectors"
            : fatSectors > 1
                ? "the FAT names a sector twice" : "broken sector chain (a sector out of range, or visited twice)"
        #expect(
            result.stdoutText.contains("bomb.msg: unreadable: ") && result.stdoutText.contains(expected),
            "\(result.stdoutText)")
        #expect(
            result.stdoutText.contains("\(folder)/plain.eml: "), "the rest of the batch is read: \(result.stdoutText)")
    }

    @Test func aLinkToAHugeFileIsMeasuredByTheFileAndNeverRead() throws {
        let (ledger, folder) = try Self.ledgerAndFolder()
        // 900 MB without a byte on disk: a sparse file, and a link to it in the folder imported.
        let huge = "\(folder)/huge.data"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 900_000_000)
        try handle.close()
        #expect(symlink(huge, "\(folder)/link.eml") == 0)
        try Data(Self.plainReply).write(to: URL(fileURLWithPath: "\(folder)/plain.eml"))
        let result = try Self.bounded(
            ["replies", "import", "\(folder)/link.eml", "\(folder)/plain.eml", "--dry-run", "--ledger", ledger],
            megabytes: 600)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(
            result.stdoutText.contains(
                "link.eml: unreadable: \(folder)/link.eml: message is 900 MB; messages over 40 MB are not read"),
            "\(result.stdoutText)")
        #expect(result.stdoutText.contains("\(folder)/plain.eml: "), "\(result.stdoutText)")
    }

    @Test func verifyAndShowReadOneStoredReplyAtATime() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let ledger = folder + "/ledger.sqlite3"
        let recorded = try CommandRunner.ordermail(
            ComposeCommandTests.arguments(
                [:],
                extra: ["--sent-at", "2026-11-20", "--message-id", "order1@regionstockholm.se", "--ledger", ledger]
            )
            .enumerated().map { $0.offset == 0 ? "record" : $0.element })
        try #require(recorded.status == 0, "\(recorded.stderr)")
        // 24 replies of 8 MB each (a PDF in base64): a ledger of about 200 MB.
        let script = """
            import os, sys, base64
            for i in range(24):
                pdf = base64.encodebytes(os.urandom(6 * 1024 * 1024)).decode().replace("\\n", "\\r\\n")
                open(os.path.join(sys.argv[1], "r%02d.eml" % i), "w").write(
                    "From: 1177 <e-tjanster@1177.se>\\r\\nSubject: SV: order\\r\\nMessage-ID: <r%d@1177.se>\\r\\n" % i
                    + "In-Reply-To: <order1@regionstockholm.se>\\r\\nMIME-Version: 1.0\\r\\n"
                    + "Content-Type: multipart/mixed; boundary=b\\r\\n\\r\\n--b\\r\\nContent-Type: text/plain\\r\\n\\r\\nSvar %d\\r\\n" % i
                    + "--b\\r\\nContent-Type: application/pdf\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n" + pdf + "--b--\\r\\n")
            """
        try #require(try CommandRunner.run("/usr/bin/python3", ["-c", script, folder]).status == 0)
        let files = (0..<24).map { String(format: "\(folder)/r%02d.eml", $0) }
        let imported = try CommandRunner.ordermail(["replies", "import"] + files + ["--ledger", ledger])
        try #require(imported.status == 0, "\(imported.stderr)")
        for file in files { try FileManager.default.removeItem(atPath: file) }
        // The binary alone needs under 150 MB of address space; 280 MB leaves room for a few copies
        // of one reply, not for all of them.
        let verified = try Self.bounded(["ledger", "verify", "--ledger", ledger], megabytes: 280)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdoutText.contains("events: 25"), "\(verified.stdoutText)")
        let shown = try Self.bounded(["show", "1", "--ledger", ledger], megabytes: 280)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdoutText.contains("Svar 0") && shown.stdoutText.contains("Svar 23"))
    }

    @Test func aRegisterOverTheLimitIsRefusedBeforeItIsRead() throws {
        let folder = try CommandRunner.temporaryDirectory()
        // 900 MB without a byte on disk, named through a link.
        let huge = "\(folder)/huge.data"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 900_000_000)
        try handle.close()
        #expect(symlink(huge, "\(folder)/register.csv") == 0)
        let result = try Self.bounded(
            ["record", "--from-csv", "\(folder)/register.csv", "--ledger", "\(folder)/ledger.sqlite3"], megabytes: 600)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(
            result.stderr
                == "ordermail: \(folder)/register.csv: the register is 858 MiB; registers over 64 MiB are not read\n")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/ledger.sqlite3"))
    }
}
