import Foundation
import OrderMailCore

/// Where the SMTP or IMAP password comes from. Never a command-line argument, so it never shows in `ps`.
public enum PasswordSource: Equatable, Sendable, CustomStringConvertible {
    /// The default environment variable for SMTP, used when nothing else is said.
    public static let defaultEnvironmentVariable = "ORDERMAIL_SMTP_PASSWORD"
    /// The default environment variable for IMAP.
    public static let defaultIMAPEnvironmentVariable = "ORDERMAIL_IMAP_PASSWORD"

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
    /// - Parameters:
    ///   - commandTimeout: how long a password command may run.
    ///   - keyPrefix: starts the keys errors name: empty for SMTP's, `imap-` for IMAP's.
    public func resolve(environment: [String: String], commandTimeout: Double, keyPrefix: String = "")
        throws(OrderMailError) -> Secret
    {
        var bytes: [UInt8]
        let origin: String
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw .configurationError("\(keyPrefix)password-env: the environment variable \(name) is not set")
            }
            bytes = Array(value.utf8)
            origin = "\(keyPrefix)password-env \(name)"
        case .command(let command):
            bytes = try PasswordCommand.run(command, timeout: commandTimeout, key: "\(keyPrefix)password-command")
            origin = "\(keyPrefix)password-command"
        case .file(let path):
            bytes = try Self.readPrivateFile(path, key: "\(keyPrefix)password-file")
            origin = "\(keyPrefix)password-file \(path)"
        }
        return try Self.secret(taking: &bytes, origin: origin, what: "password")
    }

    /// Runs `oauth2-token-command` (like a password command: by /bin/sh, within `timeout`, in a
    /// process group of its own) and takes its output as the OAuth 2.0 access token.
    public static func accessToken(command: String, timeout: Double) throws(OrderMailError) -> Secret {
        var bytes = try PasswordCommand.run(command, timeout: timeout, key: "oauth2-token-command")
        return try secret(taking: &bytes, origin: "oauth2-token-command", what: "token")
    }

    /// `bytes` without a final line end, as a secret; an empty one is an error naming `origin`.
    private static func secret(taking bytes: inout [UInt8], origin: String, what: String) throws(OrderMailError)
        -> Secret
    {
        dropLineEnd(&bytes)
        guard !bytes.isEmpty else { throw .configurationError("\(origin): gave an empty \(what)") }
        return Secret(taking: &bytes)
    }

    /// The bytes of a file that neither its group nor others may read.
    private static func readPrivateFile(_ path: String, key: String) throws(OrderMailError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .configurationError("\(key): \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .configurationError("\(key): \(path) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .configurationError(
                "\(key): \(path) may be read by its group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)"
            )
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .configurationError("\(key): \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        Secret.wipe(&chunk)
        return bytes
    }

    /// Removes one trailing LF or CRLF.
    static func dropLineEnd(_ bytes: inout [UInt8]) {
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    }
}
