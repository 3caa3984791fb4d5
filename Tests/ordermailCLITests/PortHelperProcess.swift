import Foundation

/// A helper script in `Tests/Helpers/` under `/usr/bin/python3` that prints its port on stdout once
/// it listens on 127.0.0.1 and runs until its stdin closes, so it stops with the value that owns it.
final class PortHelperProcess {
    let port: Int
    private let process = Process()
    private let input = Pipe()

    init(script: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["\(CommandRunner.packageRoot)/Tests/Helpers/\(script)"] + arguments
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw StartFailed(output: line)
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    struct StartFailed: Error { var output: String }
}
