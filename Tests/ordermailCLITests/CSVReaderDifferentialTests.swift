import Foundation
import Testing

@testable import OrderMail

/// ordermail's CSV reader against Python's csv module, on generated files and on the real sample.
@Suite("CSV reader, differential against Python's csv")
struct CSVReaderDifferentialTests {
    /// Fields with the characters that make CSV hard: delimiters, quotes, line ends, å/ä/ö, and
    /// empty fields, quoted or not (so blank lines and lines ending in a delimiter too).
    static func generatedFile(seed: UInt64, delimiter: String, lineEnd: String, rows: Int, endsWithLineEnd: Bool = true)
        -> String
    {
        var generator = SeededGenerator(state: seed)
        let pieces = [
            "SE2321000016-A1", "Vård", "central", "Åre", "Östra", " ", ",", ";", "\"", "\n", "\r\n", "x", "*", ":", "/",
            "&", "é",
        ]
        var lines: [String] = []
        for _ in 0..<rows {
            var fields: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let field = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                    pieces.randomElement(using: &generator)!
                }.joined()
                let mustQuote =
                    field.contains(delimiter) || field.contains("\"") || field.contains("\n") || field.contains("\r")
                    || Bool.random(using: &generator)
                fields.append(mustQuote ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field)
            }
            lines.append(fields.joined(separator: delimiter))
        }
        return lines.joined(separator: lineEnd) + (endsWithLineEnd ? lineEnd : "")
    }

    /// Every record ordermail's reader hands over, in order.
    static func records(_ bytes: [UInt8], delimiter: UInt8) throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        try CSVReader.read(bytes, delimiter: delimiter) { records.append($0) }
        return records
    }

    static func pythonRows(_ path: String, delimiter: String) throws -> [[String]] {
        let result = try CommandRunner.run(
            "/usr/bin/python3", ["\(CommandRunner.packageRoot)/Tests/Helpers/read_csv.py", path, delimiter])
        return try JSONDecoder().decode([[String]].self, from: Data(result.stdout))
    }

    @Test(
        "generated files read the same as Python reads them",
        arguments: [
            (UInt64(1), ";", "\n", true), (2, ",", "\r\n", true), (3, ";", "\r\n", false), (4, ",", "\n", false),
            (5, ";", "\n", true), (6, ",", "\r\n", true), (7, ";", "\r", true), (8, ",", "\r", false),
        ])
    func generatedFilesAgreeWithPython(_ seed: UInt64, delimiter: String, lineEnd: String, endsWithLineEnd: Bool) throws
    {
        let text = Self.generatedFile(
            seed: seed, delimiter: delimiter, lineEnd: lineEnd, rows: 300, endsWithLineEnd: endsWithLineEnd)
        let path = try CommandRunner.temporaryDirectory() + "/generated.csv"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let ours = try Self.records(Array(text.utf8), delimiter: UInt8(ascii: delimiter == ";" ? ";" : ","))
        #expect(ours.map(\.fields) == (try Self.pythonRows(path, delimiter: delimiter)))
    }

    @Test func theRealSampleReadsTheSameAsPythonReadsIt() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: BulkTAKCommandTests.sample)))
        #expect(CSVReader.detectDelimiter(bytes) == UInt8(ascii: ";"))
        let ours = try Self.records(bytes, delimiter: UInt8(ascii: ";"))
        #expect(ours.count == 458)
        #expect(ours.map(\.fields) == (try Self.pythonRows(BulkTAKCommandTests.sample, delimiter: ";")))
        #expect(ours.last?.line == 458)
    }

    @Test func lineNumbersArePhysicalLinesAndCountQuotedLineEnds() throws {
        let records = try Self.records(Array("a;b\n\n\"multi\nline\";c\r\nd;e\n".utf8), delimiter: UInt8(ascii: ";"))
        #expect(records.map(\.line) == [1, 3, 5])
        #expect(records[1].fields == ["multi\nline", "c"])
    }

    @Test func malformedQuotingIsAnErrorWithItsLine() {
        #expect(
            throws: CSVError(
                line: 2, message: "a quote inside an unquoted field; quote the whole field and double the quote")
        ) {
            try Self.records(Array("a;b\nc\"d;e\n".utf8), delimiter: UInt8(ascii: ";"))
        }
        #expect(throws: CSVError(line: 1, message: "a quoted field is not closed")) {
            try Self.records(Array("a;\"b\n".utf8), delimiter: UInt8(ascii: ";"))
        }
    }
}

/// A small deterministic generator (SplitMix64), so that generated files are the same every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
