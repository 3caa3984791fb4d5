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
            "/bin/sh", ["-c", "ulimit -v \(megabytes * 1024); exec \(quoted)"], environment: CommandRunner.environment(home: home))
    }

    /// A ledger with one draft, and a reply that matches nothing, in a fresh folder.
    static func ledgerAndFolder() throws -> (ledger: String, folder: String) {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try LedgerCommandTests.compose(ledger).status == 0)
        return (ledger, try CommandRunner.temporaryDirectory())
    }

    static let plainReply = Array(
        "From: someone@example.org\r\nSubject: Hej\r\nMessage-ID: <plain@example.org>\r\n\r\nInget om någon beställning.\r\n".utf8)

    @Test(arguments: [9_000, 11_000])
    func messagesNestedThousandsOfLevelsDeepAreReadToTheDepthLimit(_ levels: Int) throws {
        let (ledger, folder) = try Self.ledgerAndFolder()
        let level = "From: a@example.org\r\nSubject: FW: nivå\r\nContent-Type: message/rfc822\r\n\r\n"
        let bomb = String(repeating: level, count: levels) + "From: a@example.org\r\nSubject: innerst\r\n\r\ntext\r\n"
        try Data(bomb.utf8).write(to: URL(fileURLWithPath: "\(folder)/nested.eml"))
        try Data(Self.plainReply).write(to: URL(fileURLWithPath: "\(folder)/plain.eml"))
        let result = try Self.bounded(
            ["replies", "import", "\(folder)/nested.eml", "\(folder)/plain.eml", "--dry-run", "--ledger", ledger], megabytes: 1024)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("\(folder)/plain.eml: "), "the rest of the batch is read: \(result.stdoutText)")
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
    func compoundFilesWhoseSectorTablesRepeatOrLoopAreRefused(_ sectors: Int, _ fatSectors: Int, _ difatLoop: Bool) throws {
        let (ledger, folder) = try Self.ledgerAndFolder()
        try Data(Self.compoundFileBomb(sectors: sectors, fatSectorsInHeader: fatSectors, difatLoop: difatLoop))
            .write(to: URL(fileURLWithPath: "\(folder)/bomb.msg"))
        try Data(Self.plainReply).write(to: URL(fileURLWithPath: "\(folder)/plain.eml"))
        let result = try Self.bounded(
            ["replies", "import", "\(folder)/bomb.msg", "\(folder)/plain.eml", "--dry-run", "--ledger", ledger], megabytes: 1024)
        #expect(result.status == 65, "\(result.stderr)")
        let expected = difatLoop ? "more FAT sectors than the file has sectors"
            : fatSectors > 1 ? "the FAT names a sector twice" : "broken sector chain (a sector out of range, or visited twice)"
        #expect(result.stdoutText.contains("bomb.msg: unreadable: ") && result.stdoutText.contains(expected), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("\(folder)/plain.eml: "), "the rest of the batch is read: \(result.stdoutText)")
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
            ["replies", "import", "\(folder)/link.eml", "\(folder)/plain.eml", "--dry-run", "--ledger", ledger], megabytes: 600)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stdoutText.contains("link.eml: unreadable: \(folder)/link.eml: message is 900 MB; messages over 40 MB are not read"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("\(folder)/plain.eml: "), "\(result.stdoutText)")
    }
}
