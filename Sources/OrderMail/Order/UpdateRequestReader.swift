import Foundation
import OrderMailCompliance
import OrderMailCore

/// Reads the `sourceSystem` a booking system sent, from a captured Engagemangsindex `Update`
/// request in any shape `check-updates` reads (SOAP XML or a bare `Update`, log lines, VP's LEGACY
/// and ECS logs, HTTP dumps, compressed files and archives), so that the order carries exactly the
/// value the system sends.
public enum UpdateRequestReader {
    /// The `sourceSystem` to order, from the capture at `path`.
    ///
    /// Every request found is read through ``XMLStreamReader``: a truncated request, a DOCTYPE (and
    /// so any declared entity) and an element inside `sourceSystem` are refused. A value is the
    /// concatenation of all its text and CDATA, trimmed of surrounding white space; values compare
    /// exactly (the whitelist must match what is sent). When the capture holds one value, that is
    /// it; when it holds several, they are listed and `selected` (`--hsa-id`) must name one of them.
    /// Throws when the file is missing (no input), or has no `sourceSystem`.
    public static func sourceSystem(inFileAt path: String, selecting selected: String? = nil) throws(OrderMailError)
        -> SourcedValue
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .missingInput(path: path, reason: "no such file")
        }
        let streams = try CaptureInputs.open(
            [path], maximumLine: CheckUpdates.maximumLine, budget: InflationBudget(limits: CaptureInputs.Limits()))
        var values: [String] = []
        for stream in streams {
            while let document = stream.next() {
                if let line = stream.scanner.doctypeLines.first {
                    throw .invalidData("\(stream.name): line \(line): a DOCTYPE is refused (no DTD or entity is read)")
                }
                var collector = SourceSystemCollector()
                do {
                    try XMLStreamReader.read(document.bytes) { collector.take($0) }
                } catch {
                    let line = document.isEmbedded || error.line < 1 ? document.line : document.line + error.line - 1
                    throw .invalidData(
                        "\(stream.name): not a well-formed XML document (line \(line): \(error.message))")
                }
                if let line = collector.nestedElementLine {
                    throw .invalidData(
                        "\(stream.name): line \(document.isEmbedded ? document.line : document.line + line - 1): sourceSystem holds an element; expected its value as text only"
                    )
                }
                for value in collector.values.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                where !values.contains(value) {
                    values.append(value)
                }
            }
            if let failure = stream.failure { throw .invalidData("\(stream.name): \(failure)") }
            if let line = stream.scanner.doctypeLines.first {
                throw .invalidData("\(stream.name): line \(line): a DOCTYPE is refused (no DTD or entity is read)")
            }
            if let skipped = stream.scanner.skipped.first {
                throw .invalidData("\(stream.name): line \(skipped.line): \(skipped.reason)")
            }
        }
        guard let first = values.first else {
            throw .invalidData("\(path): no sourceSystem element found; expected a captured Update request")
        }
        let mask = PersonalDataMask.random()
        let listed = values.map { mask.mask($0).debugDescription }.joined(separator: ", ")
        if let selected {
            guard values.contains(selected) else {
                throw .invalidField(
                    FieldError(
                        field: "hsa-id",
                        rule: "must be one of the sourceSystem values the capture holds (exactly as sent): \(listed)"),
                    source: .commandLine)
            }
            return SourcedValue(selected, from: .file(path))
        }
        guard values.count == 1 else {
            throw .invalidData(
                "\(path): the capture holds \(values.count) sourceSystem values: \(listed); name the one to order with --hsa-id"
            )
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
