import CFileSystem
import Foundation
import OrderMailCore

/// Where the ledger file is, and how to create it so that only its owner (or its team) can read it.
public struct LedgerLocation: Equatable, Sendable {
    /// The environment variable that names a ledger file.
    public static let environmentVariable = "ORDERMAIL_LEDGER"

    /// The ledger file's path.
    public let path: String

    public init(path: String) { self.path = path }

    /// `--ledger`, then `ORDERMAIL_LEDGER`, then the configuration, then
    /// `$XDG_DATA_HOME/ordermail/ledger.sqlite3` (`~/.local/share/…` when unset).
    public static func resolve(explicit: String?, environment: [String: String], configured: String?) -> LedgerLocation
    {
        if let explicit { return LedgerLocation(path: explicit) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return LedgerLocation(path: fromEnvironment)
        }
        if let configured { return LedgerLocation(path: configured) }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.local/share"
        return LedgerLocation(path: "\(dataHome)/ordermail/ledger.sqlite3")
    }

    /// Whether the ledger file exists (as anything: ``checkKind()`` tells whether it is a file).
    public var exists: Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Refuses anything at the path that is not a regular file (a device such as /dev/null, a
    /// FIFO, a socket, a folder), before SQLite opens it and makes its `-journal` beside it; and a
    /// ledger (or its log) that others may read or write, with the `chmod` that fixes it.
    func checkExisting() throws(OrderMailError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .ledger(
                "ledger: \(path) is not a regular file (a device, FIFO, socket or folder); name a file", .cannotCreate)
        }
        for file in [path, path + "-wal", path + "-shm"] where stat(file, &info) == 0 && info.st_mode & 0o007 != 0 {
            throw .ledger(
                "ledger: others may read or write \(file) (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod o-rwx \(path)*",
                .permission)
        }
    }

    var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    /// Creates the ledger file if it is missing (and its folder, 0700, if that is missing too).
    ///
    /// In a team's folder (one its group may write and others may not), the file is created 0660
    /// and owned by the folder's group; anywhere else (a personal folder, or a world-writable one
    /// such as /tmp) 0600. Never readable by others. SQLite gives its `-wal` and `-shm` files the
    /// same mode and owner.
    func createIfMissing() throws(OrderMailError) {
        if exists { return }
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .ledger(
                    "ledger: cannot create the folder \(directory): \(error.localizedDescription)", .cannotCreate)
            }
        }
        var folder = stat()
        guard stat(directory, &folder) == 0 else {
            throw .ledger(
                "ledger: cannot read the folder \(directory): \(String(cString: strerror(errno)))", .cannotCreate)
        }
        let shared = folder.st_mode & S_IWGRP != 0 && folder.st_mode & S_IWOTH == 0
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, shared ? 0o660 : 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return }
            let failure: FailureClass = errno == EACCES ? .permission : .cannotCreate
            throw .ledger("ledger: cannot create \(path): \(String(cString: strerror(errno)))", failure)
        }
        defer { close(descriptor) }
        // open() applied the umask; set the intended mode and the folder's group explicitly.
        if shared { _ = fchown(descriptor, uid_t.max, folder.st_gid) }
        _ = fchmod(descriptor, shared ? 0o660 : 0o600)
    }

    /// A warning when the ledger is on a network file system, where SQLite's locking is unsafe.
    public var networkFileSystemWarning: String? {
        // statfs tells a local file system in one call; the mount table is read only to name one
        // that may be a network file system.
        var information = statfs()
        if statfs(exists ? path : directory, &information) == 0,
            !Self.networkFileSystemMagicNumbers.contains(Int64(information.f_type))
        {
            return nil
        }
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
        let target = URL(fileURLWithPath: exists ? path : directory).resolvingSymlinksInPath().path
        guard let type = Self.fileSystemType(of: target, mounts: mounts), Self.networkFileSystems.contains(type) else {
            return nil
        }
        return
            "the ledger \(path) is on \(type), where SQLite's file locking is unsafe; keep it on a local disk of a shared host"
    }

    static let networkFileSystems: Set<String> = [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "ceph", "glusterfs", "afs",
    ]

    /// statfs's f_type for those (linux/magic.h): NFS, SMB, CIFS, SMB2, 9P, FUSE (sshfs and
    /// GlusterFS among others), Ceph, and AFS's two.
    static let networkFileSystemMagicNumbers: Set<Int64> = [
        0x6969, 0x517B, 0xFF53_4D42, 0xFE53_4D42, 0x0102_1997, 0x6573_5546, 0x00C3_6400, 0x5346_414F, 0x6B41_4653,
    ]

    /// The type of the file system mounted at the longest mount point that contains `path`, read
    /// from a `/proc/self/mounts` text.
    static func fileSystemType(of path: String, mounts: String) -> String? {
        var best: (mountPoint: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 3)
            guard fields.count >= 3 else { continue }
            // The table writes a space in a mount point as \040; most have none.
            let mountPoint =
                fields[1].contains("\\") ? fields[1].replacingOccurrences(of: "\\040", with: " ") : String(fields[1])
            let contains = mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
            if contains, mountPoint.utf8.count >= (best?.mountPoint.utf8.count ?? -1) {
                best = (mountPoint, String(fields[2]))
            }
        }
        return best?.type
    }
}
