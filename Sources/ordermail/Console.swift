import Foundation

/// Output to the terminal: results to stdout, diagnostics to stderr as `ordermail: …` lines.
enum Console {
    /// Writes `bytes` to stdout exactly as given.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a one-line error on stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("ordermail: \(message)\n".utf8))
    }

    /// Prints a one-line note on stderr, for what happened beside the result.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("ordermail: \(message)\n".utf8))
    }

    /// Prints a one-line warning on stderr.
    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("ordermail: warning: \(message)\n".utf8))
    }
}
