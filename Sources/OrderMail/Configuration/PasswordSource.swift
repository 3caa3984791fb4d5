import Foundation

/// Where the SMTP password comes from. Never a command-line argument, so it never shows in `ps`.
public enum PasswordSource: Equatable, Sendable, CustomStringConvertible {
    /// The default environment variable, used when nothing else is said.
    public static let defaultEnvironmentVariable = "ORDERMAIL_SMTP_PASSWORD"

    /// An environment variable.
    case environment(String)
    /// A command whose standard output is the password (like msmtp's `passwordeval`), run by `/bin/sh -c`.
    case command(String)
    /// A file that neither its group nor others may read.
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .command(let command): "output of the command \(Quoted(command))"
        case .file(let path): "file \(path)"
        }
    }

    /// Reads the password; errors say what is wrong with the source, never what it held.
    /// - Parameter commandTimeout: how long a password command may run.
    public func resolve(environment: [String: String], commandTimeout: Double) throws(OrderMailError) -> Secret {
        var bytes: [UInt8]
        let origin: String
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw .configurationError("password-env: the environment variable \(name) is not set")
            }
            bytes = Array(value.utf8)
            origin = "password-env \(name)"
        case .command(let command):
            bytes = try PasswordCommand.run(command, timeout: commandTimeout)
            origin = "password-command"
        case .file(let path):
            bytes = try Self.readPrivateFile(path)
            origin = "password-file \(path)"
        }
        Self.dropLineEnd(&bytes)
        guard !bytes.isEmpty else { throw .configurationError("\(origin): gave an empty password") }
        return Secret(taking: &bytes)
    }

    /// The bytes of a file that neither its group nor others may read.
    private static func readPrivateFile(_ path: String) throws(OrderMailError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .configurationError("password-file: \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .configurationError("password-file: \(path) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .configurationError(
                "password-file: \(path) may be read by its group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .configurationError("password-file: \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        chunk.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
        return bytes
    }

    /// Removes one trailing LF or CRLF.
    static func dropLineEnd(_ bytes: inout [UInt8]) {
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    }
}
