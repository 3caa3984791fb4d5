import Foundation
import TestSupport

/// What a finished process left behind.
struct ProcessResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs the built `ordermail` and the helper scripts as a user would, from a shell-less `Process`.
enum CommandRunner {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary under test: `ORDERMAIL_BINARY`, else the one built beside the test bundle.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["ORDERMAIL_BINARY"] { return path }
        return Bundle.main.bundleURL.appendingPathComponent("ordermail").path
    }()

    /// A clean environment: no configuration or ledger from the developer's home leaks in.
    static func environment(_ extra: [String: String] = [:], home: String) -> [String: String] {
        var environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": "\(home)/.config", "XDG_DATA_HOME": "\(home)/.local/share",
            "TZ": "Europe/Stockholm",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `ordermail` with `arguments` in a fresh home folder.
    static func ordermail(
        _ arguments: [String], environment extra: [String: String] = [:], home: String? = nil,
        directory: String? = nil
    ) throws -> ProcessResult {
        let home = try home ?? temporaryDirectory()
        return try run(binary, arguments, environment: environment(extra, home: home), directory: directory)
    }

    /// Runs `executable`, feeding `input` on stdin; stdout and stderr go through files, so no pipe can fill up.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: [UInt8] = [], directory: String? = nil
    ) throws -> ProcessResult {
        let scratch = try temporaryDirectory()
        let paths = ["in", "out", "err"].map { "\(scratch)/\($0)" }
        _ = FileManager.default.createFile(atPath: paths[0], contents: Data(input))
        _ = FileManager.default.createFile(atPath: paths[1], contents: nil)
        _ = FileManager.default.createFile(atPath: paths[2], contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let handles = try [
            FileHandle(forReadingFrom: URL(fileURLWithPath: paths[0])),
            FileHandle(forWritingTo: URL(fileURLWithPath: paths[1])),
            FileHandle(forWritingTo: URL(fileURLWithPath: paths[2])),
        ]
        process.standardInput = handles[0]
        process.standardOutput = handles[1]
        process.standardError = handles[2]
        try process.run()
        process.waitUntilExit()
        for handle in handles { try? handle.close() }
        let stdout = try Data(contentsOf: URL(fileURLWithPath: paths[1]))
        let stderr = try String(contentsOfFile: paths[2], encoding: .utf8)
        try? FileManager.default.removeItem(atPath: scratch)
        return ProcessResult(status: process.terminationStatus, stdout: Array(stdout), stderr: stderr)
    }

    /// A new empty folder, removed with the test run's.
    static func temporaryDirectory() throws -> String { try TemporaryFolders.make() }
}
