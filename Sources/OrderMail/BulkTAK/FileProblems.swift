import OrderMailCore

/// What is wrong with a file, line by line: the first hundred problems in full, then only a
/// count, so that a file of a million bad rows gives a message a person can read.
struct FileProblems {
    /// The most problems a message lists.
    static let maximumShown = 100

    /// The problems listed, in the order found.
    private(set) var shown: [(line: Int, message: String)] = []
    /// Every problem found, listed or not.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Records a problem on `line`.
    mutating func append(line: Int, _ message: String) {
        count += 1
        if shown.count < Self.maximumShown { shown.append((line, message)) }
    }

    /// `<path>: <summary>:` and one indented line per problem shown, then how many were left out.
    func report(path: String, summary: String) -> String {
        var lines = ["\(path): \(summary):"] + shown.map { "  line \($0.line): \($0.message)" }
        if count > shown.count { lines.append("  … and \((count - shown.count).counted("more problem"))") }
        return lines.joined(separator: "\n")
    }
}
