import Foundation
import TestSupport

/// Debian's Dovecot (`/usr/sbin/dovecot -F`) on 127.0.0.1, with its configuration, sockets, state and
/// log in a temporary folder (from `Tests/Helpers/dovecot.conf.template`), one passwd-file user whose
/// mail processes run as `nobody`, and a Maildir the tests write messages into directly. It stops
/// when the value is released.
final class DovecotTestServer {
    static let user = "anna@regionstockholm.se"
    /// A password with a non-ASCII character.
    static let password = "hemlig-lösen-ÅÄÖ"

    /// Dovecot runs only as root here: it switches to `nobody` for the mailbox and to its own users for the rest.
    static var canRun: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/dovecot") }

    /// The plain-text (and STARTTLS) port.
    let port: Int
    /// The implicit-TLS port, when TLS is on.
    let tlsPort: Int?
    let folder: String
    var maildir: String { "\(folder)/home/Maildir" }
    private let process = Process()
    private var delivered = 0

    /// - Parameters:
    ///   - ssl: Dovecot's `ssl` setting: `required`, `yes` or `no` (then only the plain-text port listens).
    ///   - passdb: extra configuration (such as an oauth2 passdb) and the SASL mechanisms it adds.
    init(ssl: String = "required", extra: (mechanisms: String, configuration: String)? = nil) throws {
        folder = try CommandRunner.temporaryDirectory()
        guard let nobody = getpwnam("nobody") else { throw StartFailed(reason: "no user nobody") }
        let (uid, gid) = (nobody.pointee.pw_uid, nobody.pointee.pw_gid)
        for sub in ["home/Maildir/cur", "home/Maildir/new", "home/Maildir/tmp"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
        }
        for path in ["home", "home/Maildir", "home/Maildir/cur", "home/Maildir/new", "home/Maildir/tmp"] {
            chown("\(folder)/\(path)", uid, gid)
        }
        try FileManager.default.copyItem(atPath: SMTPTestServer.certificate.cert, toPath: "\(folder)/cert.pem")
        try FileManager.default.copyItem(atPath: SMTPTestServer.certificate.key, toPath: "\(folder)/key.pem")
        try "\(Self.user):{PLAIN}\(Self.password):\(uid):\(gid)::\(folder)/home::\n"
            .write(toFile: "\(folder)/users", atomically: false, encoding: .utf8)
        port = try Self.freePort()
        tlsPort = ssl == "no" ? nil : try Self.freePort()
        let imaps =
            tlsPort.map { "inet_listener imaps {\n    address = 127.0.0.1\n    port = \($0)\n    ssl = yes\n  }" } ?? ""
        let template = try String(
            contentsOfFile: "\(CommandRunner.packageRoot)/Tests/Helpers/dovecot.conf.template", encoding: .utf8)
        let configuration = template.replacingOccurrences(of: "@DIR@", with: folder)
            .replacingOccurrences(of: "@PORT@", with: "\(port)").replacingOccurrences(of: "@SSL@", with: ssl)
            .replacingOccurrences(of: "@IMAPS@", with: imaps)
            .replacingOccurrences(of: "@MECHANISMS@", with: extra?.mechanisms ?? "")
            .replacingOccurrences(of: "@PASSDB@", with: extra?.configuration ?? "")
        try configuration.write(toFile: "\(folder)/dovecot.conf", atomically: false, encoding: .utf8)
        // The test process may ignore SIGINT, and ignored signals pass through exec: Dovecot's master
        // stops its idle children with SIGINT, so they get the default back first.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal", "/usr/sbin/dovecot", "-F", "-c", "\(folder)/dovecot.conf"]
        process.standardInput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: "\(folder)/dovecot.out", contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(folder)/dovecot.out"))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: tlsPort ?? port) {
            guard Date() < deadline, process.isRunning else {
                process.terminate()
                throw StartFailed(
                    reason: ["dovecot.out", "dovecot.log"].compactMap {
                        try? String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8)
                    }.joined())
            }
            usleep(20_000)
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// `imaps://127.0.0.1:PORT/INBOX`, or with `plain`, `imap://127.0.0.1:PORT/INBOX`.
    func url(plain: Bool = false, mailbox: String = "INBOX") -> String {
        plain || tlsPort == nil
            ? "imap://127.0.0.1:\(port)/\(mailbox)" : "imaps://127.0.0.1:\(tlsPort ?? port)/\(mailbox)"
    }

    /// Writes `message` into the Maildir as delivered at `date` (its internal date), with Maildir `flags` (such as `F`).
    func deliver(_ message: [UInt8], at date: Date, flags: String = "") throws {
        delivered += 1
        let path = "\(maildir)/cur/\(Int(date.timeIntervalSince1970)).M\(delivered)P\(getpid()).test:2,\(flags)"
        try Data(message).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        if let nobody = getpwnam("nobody") { chown(path, nobody.pointee.pw_uid, nobody.pointee.pw_gid) }
    }

    /// Every message file's name in `cur/` and `new/`, sorted: Maildir keeps a message's flags in its name.
    func messageFiles() throws -> [String] {
        try ["cur", "new"].flatMap { sub in
            try FileManager.default.contentsOfDirectory(atPath: "\(maildir)/\(sub)").map { "\(sub)/\($0)" }
        }.sorted()
    }

    /// A port free now (the socket that found it is closed at once, so Dovecot can bind it).
    private static func freePort() throws -> Int {
        guard let bound = BoundPort() else { throw StartFailed(reason: "no free port") }
        return bound.port
    }

    private static func accepts(port: Int) -> Bool {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in(
            sin_family: sa_family_t(AF_INET), sin_port: UInt16(port).bigEndian,
            sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    struct StartFailed: Error { var reason: String }
}
