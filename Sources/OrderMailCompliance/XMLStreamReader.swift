import CLibXML2
import Foundation
import OrderMailCore

/// One step through an XML document, in document order.
public enum XMLEvent: Equatable, Sendable {
    /// An element opens; an empty element (`<a/>`) gives `start` then `end`.
    case start(XMLName, line: Int)
    /// An element closes.
    case end(XMLName)
    /// Character data: a text node or a CDATA section (white space included), entities already replaced.
    case text(String)
}

/// An element's namespace and local name (the prefix is not kept: it carries no meaning).
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    public let namespace: String
    public let localName: String

    public init(namespace: String, localName: String) {
        self.namespace = namespace
        self.localName = localName
    }

    public var description: String { namespace.isEmpty ? localName : "{\(namespace)}\(localName)" }
}

/// Why a document was refused; `line` is where libxml2 was when it stopped.
public struct XMLReadError: Error, Equatable, Sendable {
    public let message: String
    public let line: Int

    public init(message: String, line: Int) {
        self.message = message
        self.line = line
    }
}

/// A streaming XML reader over libxml2's xmlReader, safe on hostile input; the only file that calls libxml2.
///
/// It never loads a DTD, substitutes an entity or touches the network (`XML_PARSE_NONET`, and
/// never `XML_PARSE_NOENT` or `XML_PARSE_DTDLOAD`), refuses any document with a DOCTYPE (so no
/// entity other than the five predefined ones and character references can be used), refuses
/// nesting deeper than its own limit (libxml2 enforces one only when it builds a tree), and
/// silences libxml2's error printer, which would echo input lines (personal data) to stderr: the
/// message comes from `xmlGetLastError` instead. Memory is bounded by the document given plus
/// the deepest text node (libxml2 refuses one over 10 MB).
public enum XMLStreamReader {
    /// How deep elements may nest; a SOAP envelope holding an `Update` needs 6.
    public static let defaultMaximumDepth = 64
    /// The most attributes (namespace declarations included) one element may carry: libxml2's
    /// duplicate-attribute check takes time that grows with their square (200,000 take minutes).
    public static let maximumAttributes = 256
    /// The largest document handed to libxml2.
    public static let maximumDocumentBytes = 64 << 20

    /// Reads `bytes` (UTF-8; an encoding declaration is ignored) and hands every event to `visit` in order.
    public static func read(
        _ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth, visit: (XMLEvent) -> Void
    ) throws(XMLReadError) {
        guard bytes.count <= maximumDocumentBytes else {
            throw XMLReadError(message: "a document over \(maximumDocumentBytes >> 20) MiB is refused", line: 0)
        }
        if let line = lineOfElementWithTooManyAttributes(bytes) {
            throw XMLReadError(message: "an element with more than \(maximumAttributes) attributes is refused", line: line)
        }
        xmlInitParser()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue)
        let outcome: Result<Void, XMLReadError> = bytes.withUnsafeBufferPointer { buffer in
            xmlResetLastError()
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            guard let reader = xmlReaderForMemory(base, Int32(clamping: buffer.count), nil, "UTF-8", options) else {
                return .failure(XMLReadError(message: "libxml2 could not start a reader", line: 0))
            }
            defer { xmlFreeTextReader(reader) }
            return walk(reader, maximumDepth: maximumDepth, visit: visit)
        }
        try outcome.get()
    }

    private static func walk(
        _ reader: xmlTextReaderPtr, maximumDepth: Int, visit: (XMLEvent) -> Void
    ) -> Result<Void, XMLReadError> {
        var open: [XMLName] = []
        var sawRoot = false
        // Names come from the reader's dictionary, one copy per distinct name: make each String once.
        var names: [UnsafeRawPointer: String] = [:]
        func interned(_ pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            if let known = names[UnsafeRawPointer(pointer)] { return known }
            let text = String(cString: pointer)
            names[UnsafeRawPointer(pointer)] = text
            return text
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else { return .failure(lastError(reader)) }
            let line = Int(xmlTextReaderGetParserLineNumber(reader))
            switch xmlReaderTypes(UInt32(xmlTextReaderNodeType(reader))) {
            case XML_READER_TYPE_DOCUMENT_TYPE:
                return .failure(XMLReadError(message: "a DOCTYPE is refused (no DTD or entity declarations are read)", line: line))
            case XML_READER_TYPE_ELEMENT:
                sawRoot = true
                // The parser's own line is where it has read ahead to; the node knows its start tag's.
                let line = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? line
                let name = XMLName(namespace: interned(xmlTextReaderConstNamespaceUri(reader)),
                                   localName: interned(xmlTextReaderConstLocalName(reader)))
                guard open.count < maximumDepth else {
                    return .failure(XMLReadError(message: "elements nest deeper than \(maximumDepth) levels", line: line))
                }
                visit(.start(name, line: line))
                if xmlTextReaderIsEmptyElement(reader) == 1 { visit(.end(name)) } else { open.append(name) }
            case XML_READER_TYPE_END_ELEMENT:
                if let name = open.popLast() { visit(.end(name)) }
            case XML_READER_TYPE_TEXT, XML_READER_TYPE_CDATA, XML_READER_TYPE_WHITESPACE,
                 XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
                if !open.isEmpty { visit(.text(string(xmlTextReaderConstValue(reader)))) }
            case XML_READER_TYPE_ENTITY_REFERENCE:
                return .failure(XMLReadError(message: "an undeclared entity reference is refused", line: line))
            default:
                break
            }
        }
        guard sawRoot else { return .failure(XMLReadError(message: "no element found", line: 0)) }
        return .success(())
    }

    /// libxml2's last error as one line, without the input bytes it sometimes quotes.
    private static func lastError(_ reader: xmlTextReaderPtr) -> XMLReadError {
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        guard let error = xmlGetLastError(), let text = error.pointee.message else {
            return XMLReadError(message: "not well-formed XML", line: line)
        }
        var message = String(cString: text).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if let bytes = message.range(of: " Bytes:") { message = String(message[..<bytes.lowerBound]) }
        message = message.trimmingCharacters(in: .whitespaces)
        return XMLReadError(message: message.isEmpty ? "not well-formed XML" : message,
                            line: error.pointee.line > 0 ? Int(error.pointee.line) : line)
    }

    /// The line of the first start tag with more than ``maximumAttributes`` attributes (each `=`
    /// outside quotes in a tag), found before libxml2 sees the document; nil when there is none.
    package static func lineOfElementWithTooManyAttributes(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var line = 1
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                index += 1
                if byte == 0x0A { line += 1; continue }
                guard byte == UInt8(ascii: "<"), index < count else { continue }
                let next = buffer[index]
                guard next != UInt8(ascii: "/"), next != UInt8(ascii: "!"), next != UInt8(ascii: "?") else { continue }
                let tagLine = line
                var attributes = 0
                var quote: UInt8 = 0
                while index < count {
                    let inner = buffer[index]
                    index += 1
                    if inner == 0x0A { line += 1 }
                    if quote != 0 {
                        if inner == quote { quote = 0 }
                    } else if inner == 0x22 || inner == 0x27 {
                        quote = inner
                    } else if inner == UInt8(ascii: "=") {
                        attributes += 1
                        if attributes > maximumAttributes { return tagLine }
                    } else if inner == UInt8(ascii: ">") {
                        break
                    }
                }
            }
            return nil
        }
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
