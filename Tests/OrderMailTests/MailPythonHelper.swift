import Foundation
import TestSupport

/// Runs a script from Tests/Helpers with Debian's `/usr/bin/python3` (where python3-olefile loads)
/// and returns its standard output; a non-zero exit is an error carrying its standard error.
enum MailPythonHelper {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// The Python of the virtual environment scripts/test makes for PyPI's extract-msg.
    static let extractMsgPython = "\(Fixtures.packageRoot)/.build/extract-msg-venv/bin/python3"

    static func run(_ script: String, _ arguments: [String], python: String = "/usr/bin/python3") throws -> [UInt8] {
        let scratch = try TemporaryFolders.make()
        let outputPath = "\(scratch)/out"
        let errorPath = "\(scratch)/err"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["\(Fixtures.packageRoot)/Tests/Helpers/\(script)"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        process.waitUntilExit()
        let output = Array(FileManager.default.contents(atPath: outputPath) ?? Data())
        guard process.terminationStatus == 0 else {
            throw Failed(
                description: String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self))
        }
        return output
    }
}
