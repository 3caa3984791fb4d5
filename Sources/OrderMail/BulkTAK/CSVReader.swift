import OrderMailCore

/// One row of a CSV file, with the physical line it starts on (the first line is 1).
public struct CSVRecord: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
}

/// A small, strict RFC 4180 reader: quoted fields with `""` for a quote, CRLF or LF line ends,
/// `,` or `;` detected from the first row. Blank lines are skipped, as Python's `csv` skips them. It reports line numbers, which
/// the CSV libraries available here do not, and reads 50,000 rows in a fraction of their time.
enum CSVReader {
    /// The delimiter the first row uses most: `;` or `,` outside quotes (`;` when neither appears).
    static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var semicolons = 0
        var commas = 0
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
        }
        return commas > semicolons ? UInt8(ascii: ",") : UInt8(ascii: ";")
    }

    /// Hands each record in `bytes` (UTF-8) to `body` as it is read, or stops at the first
    /// malformed spot; no record is kept.
    static func read(_ bytes: [UInt8], delimiter: UInt8, _ body: (CSVRecord) -> Void) throws(CSVError) {
        try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in try read(buffer, delimiter: delimiter, body) }
    }

    /// Reads field by field; an unquoted field becomes a string straight from the buffer.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, _ body: (CSVRecord) -> Void)
        throws(CSVError)
    {
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let end = bytes.count
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var lastFieldQuoted = false

        func endRecord() {
            // A blank line is no record; a line holding only "" is one with an empty field.
            if !(fields.count == 1 && fields[0].isEmpty && !lastFieldQuoted) {
                body(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            recordLine = line
        }

        while index < end {
            lastFieldQuoted = bytes[index] == quote
            if lastFieldQuoted {
                // A quoted field: up to the quote that is not doubled.
                index += 1
                var text: [UInt8] = []
                var start = index
                while true {
                    guard index < end else { throw CSVError(line: recordLine, message: "a quoted field is not closed") }
                    let byte = bytes[index]
                    if byte == quote {
                        text.append(contentsOf: bytes[start..<index])
                        index += 1
                        guard index < end && bytes[index] == quote else { break }
                        text.append(quote)
                        index += 1
                        start = index
                        continue
                    }
                    if byte == lf || (byte == cr && (index + 1 >= end || bytes[index + 1] != lf)) { line += 1 }
                    index += 1
                }
                guard index >= end || bytes[index] == delimiter || bytes[index] == cr || bytes[index] == lf else {
                    throw CSVError(
                        line: line, message: "text after a closing quote; write a quote inside a quoted field as \"\"")
                }
                fields.append(String(decoding: text, as: UTF8.self))
            } else {
                let start = index
                while index < end {
                    let byte = bytes[index]
                    if byte == delimiter || byte == cr || byte == lf { break }
                    if byte == quote {
                        throw CSVError(
                            line: line,
                            message: "a quote inside an unquoted field; quote the whole field and double the quote")
                    }
                    index += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            }
            // At a delimiter, a line end or the end of the input.
            if index < end && bytes[index] == delimiter {
                index += 1
                if index == end {
                    fields.append("")
                    lastFieldQuoted = false
                }
                continue
            }
            if index < end {
                if bytes[index] == cr && index + 1 < end && bytes[index + 1] == lf { index += 1 }
                index += 1
                line += 1
            }
            endRecord()
        }
        if !fields.isEmpty { endRecord() }
    }
}

/// A malformed spot in a CSV file.
struct CSVError: Error, Equatable {
    var line: Int
    var message: String
}

/// Writes CSV fields for a spreadsheet: RFC 4180 quoting, and a value a spreadsheet would take for
/// a formula (one starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`.
enum CSVWriter {
    /// `value` as one field between `delimiter`s.
    static func field(_ value: String, delimiter: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        let separator = delimiter.unicodeScalars.first
        guard value.unicodeScalars.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows as CSV text: fields parted by `delimiter`, each row ended by CRLF.
    static func text(_ rows: [[String]], delimiter: String) -> String {
        rows.map { $0.map { field($0, delimiter: delimiter) }.joined(separator: delimiter) + "\r\n" }.joined()
    }
}
