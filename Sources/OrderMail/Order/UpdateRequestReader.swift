import Foundation

/// Reads the `sourceSystem` a booking system sent, from a captured Engagemangsindex `Update`
/// request (the SOAP XML, or a bare `Update`), so that the order carries exactly the value the system sends.
public enum UpdateRequestReader {
    /// The single `sourceSystem` value of every engagement in the request at `path`.
    ///
    /// The file must be one well-formed XML document (UTF-8, or UTF-16 with a BOM) read through
    /// ``XMLStreamReader``: a truncated capture, a DOCTYPE (and so any declared entity) and an
    /// element inside `sourceSystem` are refused. A value is the concatenation of all its text and
    /// CDATA, trimmed of surrounding white space. Throws when the file is missing (no input), or has
    /// no `sourceSystem`, or its engagements disagree (values compared exactly: the whitelist must
    /// match what is sent).
    public static func sourceSystem(inFileAt path: String) throws(OrderMailError) -> SourcedValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .missingInput(path: path, reason: reason)
        }
        var transcoder = TextTranscoder()
        let bytes = transcoder.feed(Array(data)) + transcoder.finish()
        var collector = SourceSystemCollector()
        do {
            try XMLStreamReader.read(bytes) { collector.take($0) }
        } catch {
            throw .invalidData("\(path): not a well-formed XML document (line \(error.line): \(error.message))")
        }
        if let line = collector.nestedElementLine {
            throw .invalidData("\(path): line \(line): sourceSystem holds an element; expected its value as text only")
        }
        let values = collector.values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let first = values.first else {
            throw .invalidData("\(path): no sourceSystem element found; expected a captured Update request")
        }
        let distinct = values.reduce(into: [String]()) { found, value in
            if !found.contains(value) { found.append(value) }
        }
        guard distinct.count == 1 else {
            throw .invalidData(
                "\(path): the engagements disagree on sourceSystem: \(distinct.map(\.debugDescription).joined(separator: ", "))")
        }
        return SourcedValue(first, from: .file(path))
    }
}

/// Collects the text content of every element whose local name is `sourceSystem`, in any namespace.
private struct SourceSystemCollector {
    var values: [String] = []
    /// The line of the first element found inside a `sourceSystem`.
    var nestedElementLine: Int?
    private var current: String?

    mutating func take(_ event: XMLEvent) {
        switch event {
        case .start(let name, let line):
            if current != nil {
                if nestedElementLine == nil { nestedElementLine = line }
            } else if name.localName == "sourceSystem" {
                current = ""
            }
        case .text(let text):
            current? += text
        case .end(let name):
            if name.localName == "sourceSystem", let value = current {
                values.append(value)
                current = nil
            }
        }
    }
}
