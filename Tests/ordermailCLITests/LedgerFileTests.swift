import Foundation
import Testing

/// What the ledger's path and modes may be, checked with real files, real modes and a real FIFO.
@Suite("The ledger's file: what it may be, who may read it")
struct LedgerFileTests {
    static func compose(ledger: String) throws -> ProcessResult { try LedgerCommandTests.compose(ledger) }

    @Test(.enabled(if: geteuid() == 0, "skipped when not root: only root could write beside /dev/null"))
    func aDeviceIsRefusedBeforeSQLiteTouchesIt() throws {
        let result = try Self.compose(ledger: "/dev/null")
        #expect(result.status == 73)
        #expect(result.stderr.contains("/dev/null is not a regular file"))
        #expect(!FileManager.default.fileExists(atPath: "/dev/null-journal"))
    }

    @Test func aFIFOOrAFolderIsRefused() throws {
        let folder = try CommandRunner.temporaryDirectory()
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        let fifo = try Self.compose(ledger: folder + "/fifo")
        #expect(fifo.status == 73 && fifo.stderr.contains("not a regular file"))
        let directory = try Self.compose(ledger: folder)
        #expect(directory.status == 73 && directory.stderr.contains("not a regular file"))
    }

    @Test func aLedgerInAWorldWritableFolderIsPrivate() throws {
        let folder = try CommandRunner.temporaryDirectory() + "/public"
        #expect(mkdir(folder, 0o777) == 0 && chmod(folder, 0o1777) == 0)
        #expect(try Self.compose(ledger: folder + "/ledger.sqlite3").status == 0)
        var info = stat()
        #expect(stat(folder + "/ledger.sqlite3", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func aLedgerOthersMayReadIsRefusedWithTheFix() throws {
        let ledger = try CommandRunner.temporaryDirectory() + "/ledger.sqlite3"
        #expect(FileManager.default.createFile(atPath: ledger, contents: nil))
        #expect(chmod(ledger, 0o644) == 0)
        let result = try Self.compose(ledger: ledger)
        #expect(result.status == 77)
        #expect(result.stderr.contains("run chmod o-rwx \(ledger)"))
        #expect(chmod(ledger, 0o600) == 0)
        #expect(try Self.compose(ledger: ledger).status == 0)
    }

    @Test func aLedgerCutShortByOneByteIsNotWrittenTo() throws {
        let ledger = try LedgerCommandTests.ledgerPath()
        #expect(try Self.compose(ledger: ledger).status == 0)
        #expect(
            truncate(ledger, try #require(try FileManager.default.attributesOfItem(atPath: ledger)[.size] as? Int) - 1)
                == 0)
        let result = try Self.compose(ledger: ledger)
        #expect(result.status == 65)
        #expect(
            result.stderr.contains("damaged") && result.stderr.contains("ordermail ledger verify")
                && result.stderr.contains(".recover"))
        #expect(result.stdout.isEmpty)
        let verified = try LedgerCommandTests.verify(ledger)
        #expect(
            verified.status == 65 && verified.stderr.contains("the file is damaged")
                && verified.stderr.contains("cut short"), "\(verified.stderr)")
    }

    @Test func anOutputPathThatIsALinkOrAFIFOIsNeverFollowed() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let target = folder + "/target.txt"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
        #expect(chmod(target, 0o644) == 0)
        #expect(symlink(target, folder + "/link.eml") == 0)
        let ledger = folder + "/ledger.sqlite3"
        let linked = try LedgerCommandTests.compose(ledger, extra: ["--output", folder + "/link.eml", "--overwrite"])
        #expect(linked.status == 73, "\(linked.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        #expect(mkfifo(folder + "/fifo.eml", 0o600) == 0)
        let fifo = try LedgerCommandTests.compose(ledger, extra: ["--output", folder + "/fifo.eml", "--overwrite"])
        #expect(fifo.status == 73)
        #expect(!FileManager.default.fileExists(atPath: ledger), "refused before anything was recorded")
        let written = try LedgerCommandTests.compose(ledger, extra: ["--output", folder + "/order.eml"])
        #expect(written.status == 0)
        var info = stat()
        #expect(
            lstat(folder + "/order.eml", &info) == 0 && info.st_mode & 0o777 == 0o600
                && info.st_mode & S_IFMT == S_IFREG)
    }
}
