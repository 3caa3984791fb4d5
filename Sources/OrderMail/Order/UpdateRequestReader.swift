import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the `sourceSystem` a booking system sent, from a captured Engagemangsindex `Update`
/// request (the SOAP XML), so that the order carries exactly the value the system sends.
public enum UpdateRequestReader {
    /// The single `sourceSystem` value of every engagement in the request at `path`.
    ///
    /// Throws when the file is missing (no input), is not XML, has no `sourceSystem`, or its
    /// engagements disagree (values compared exactly: the whitelist must match what is sent).
    public static func sourceSystem(inFileAt path: String) throws(OrderMailError) -> SourcedValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .missingInput(path: path, reason: reason)
        }
        let collector = SourceSystemCollector()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = collector
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "parse error"
            throw .invalidData("\(path): not a well-formed XML document (line \(parser.lineNumber): \(reason))")
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

/// Collects the text of every element whose local name is `sourceSystem`, in any namespace.
private final class SourceSystemCollector: NSObject, XMLParserDelegate {
    var values: [String] = []
    private var current: String?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if elementName == "sourceSystem" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "sourceSystem", let current {
            values.append(current)
            self.current = nil
        }
    }
}
