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
        case .command(let command): "output of the command \(command.debugDescription)"
        case .file(let path): "file \(path)"
        }
    }

    /// Reads the password; errors say what is wrong with the source, never what it held.
    public func resolve(environment: [String: String]) throws(OrderMailError) -> Secret {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw .configurationError("the password's environment variable \(name) is not set")
            }
            return Secret(value)
        case .command(let command):
            return Secret(try Self.run(command))
        case .file(let path):
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw .configurationError("password file \(path): \(String(cString: strerror(errno)))")
            }
            guard info.st_mode & 0o077 == 0 else {
                throw .configurationError(
                    "password file \(path) may be read by its group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)")
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .configurationError("password file \(path): cannot read it as UTF-8 text")
            }
            return Secret(try Self.nonEmpty(Self.droppingLineEnd(text), source: "password file \(path)"))
        }
    }

    private static func run(_ command: String) throws(OrderMailError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch {
            throw .configurationError("password-command could not be started: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .configurationError("password-command \(command.debugDescription) failed with exit status \(process.terminationStatus)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .configurationError("password-command \(command.debugDescription) did not print UTF-8 text")
        }
        return try nonEmpty(droppingLineEnd(text), source: "password-command \(command.debugDescription)")
    }

    private static func droppingLineEnd(_ text: String) -> String {
        var text = text
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    private static func nonEmpty(_ text: String, source: String) throws(OrderMailError) -> String {
        guard !text.isEmpty else { throw .configurationError("\(source) gave an empty password") }
        return text
    }
}
