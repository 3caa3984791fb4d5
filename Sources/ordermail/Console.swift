import Glibc
import OrderMail

/// Output to the terminal: results to stdout, diagnostics to stderr as `ordermail: …` lines.
enum Console {
    /// Writes `bytes` to stdout exactly as given.
    static func write(_ bytes: [UInt8]) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// Prints a one-line error on stderr.
    static func error(_ message: String) { line("ordermail: \(message)") }

    /// Prints a one-line note on stderr, for what happened beside the result.
    static func note(_ message: String) { line("ordermail: \(message)") }

    /// Prints a one-line warning on stderr.
    static func warning(_ message: String) { line("ordermail: warning: \(message)") }

    /// A line on stderr, with every control, format or separator character escaped, so that
    /// nothing can recolour or reorder the terminal. A report of several problems in one file
    /// keeps its line feeds (one problem a line); values in it are quoted, so theirs are escaped.
    private static func line(_ text: String) {
        write(Array((TerminalText.escaped(text, keepingLineFeeds: true) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Writes all of `bytes`, across partial writes and interrupted calls; a closed stream ends the attempt.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            guard let start = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, start + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
