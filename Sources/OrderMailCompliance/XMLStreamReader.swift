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

/// The element names and namespaces a reader's caller knows in advance: each element's name is
/// then given as their indexes (compared as libxml2's interned pointers), with no string made.
struct XMLVocabulary: Sendable {
    let localNames: [String]
    let namespaces: [String]

    /// The index of `name` among ``localNames`` (a programming error when it is not there).
    func localName(_ name: String) -> Int {
        guard let index = localNames.firstIndex(of: name) else {
            preconditionFailure("\(name) is not in the vocabulary")
        }
        return index
    }

    /// The index of `namespace` among ``namespaces`` (a programming error when it is not there).
    func namespace(_ namespace: String) -> Int {
        guard let index = namespaces.firstIndex(of: namespace) else {
            preconditionFailure("\(namespace) is not in the vocabulary")
        }
        return index
    }
}

/// An element's start as ``XMLStreamReader/scan(_:vocabulary:maximumDepth:visit:)`` gives it:
/// its name as indexes into the vocabulary (nil when not in it); the name as text only when asked.
struct XMLStartTag {
    /// The index of its local name in ``XMLVocabulary/localNames``; nil for another name.
    let localName: Int?
    /// The index of its namespace in ``XMLVocabulary/namespaces``; nil for another (or none).
    let namespace: Int?
    /// The line its start tag is on.
    let line: Int
    fileprivate let localNamePointer: UnsafePointer<UInt8>?
    fileprivate let namespacePointer: UnsafePointer<UInt8>?

    /// The name as text (valid only during the visit that gave the tag).
    var name: XMLName {
        XMLName(
            namespace: namespacePointer.map { String(cString: $0) } ?? "",
            localName: localNamePointer.map { String(cString: $0) } ?? "")
    }
}

/// One step through an XML document as the fast path gives it; text as libxml2's bytes (UTF-8,
/// valid only during the visit that gives them).
enum XMLStep {
    case start(XMLStartTag)
    case end
    case text(UnsafeBufferPointer<UInt8>)
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
        var open: [XMLName] = []
        try scan(bytes, vocabulary: XMLVocabulary(localNames: [], namespaces: []), maximumDepth: maximumDepth) { step in
            switch step {
            case .start(let tag):
                let name = tag.name
                open.append(name)
                visit(.start(name, line: tag.line))
            case .end:
                if let name = open.popLast() { visit(.end(name)) }
            case .text(let bytes):
                visit(.text(String(decoding: bytes, as: UTF8.self)))
            }
        }
    }

    /// Reads `bytes` as ``read(_:maximumDepth:visit:)`` does, with the same refusals, and hands
    /// every step to `visit`: names as indexes into `vocabulary`, text as bytes, so that no string
    /// is made for a name or a value unless the caller makes one.
    static func scan(
        _ bytes: [UInt8], vocabulary: XMLVocabulary, maximumDepth: Int = defaultMaximumDepth, visit: (XMLStep) -> Void
    ) throws(XMLReadError) {
        guard bytes.count <= maximumDocumentBytes else {
            throw XMLReadError(message: "a document over \(maximumDocumentBytes >> 20) MiB is refused", line: 0)
        }
        if let line = lineOfElementWithTooManyAttributes(bytes) {
            throw XMLReadError(
                message: "an element with more than \(maximumAttributes) attributes is refused", line: line)
        }
        xmlInitParser()
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_IGNORE_ENC.rawValue)
        let outcome: Result<Void, XMLReadError> = bytes.withUnsafeBufferPointer { buffer in
            xmlResetLastError()
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            guard let reader = xmlReaderForMemory(base, Int32(clamping: buffer.count), nil, "UTF-8", options) else {
                return .failure(XMLReadError(message: "libxml2 could not start a reader", line: 0))
            }
            defer { xmlFreeTextReader(reader) }
            return walk(reader, vocabulary: vocabulary, maximumDepth: maximumDepth, visit: visit)
        }
        try outcome.get()
    }

    private static func walk(
        _ reader: xmlTextReaderPtr, vocabulary: XMLVocabulary, maximumDepth: Int, visit: (XMLStep) -> Void
    ) -> Result<Void, XMLReadError> {
        var depth = 0
        var sawRoot = false
        // libxml2 interns every name in the reader's dictionary: the vocabulary's names interned
        // there too are then found by their pointers alone.
        func interned(_ names: [String]) -> [UnsafeRawPointer: Int] {
            var pointers: [UnsafeRawPointer: Int] = [:]
            for (index, name) in names.enumerated() {
                if let pointer = xmlTextReaderConstString(reader, name) { pointers[UnsafeRawPointer(pointer)] = index }
            }
            return pointers
        }
        let localNames = interned(vocabulary.localNames)
        let namespaces = interned(vocabulary.namespaces)
        // A name libxml2 did not intern is compared as text (it never is, with its dictionary on).
        func index(_ pointer: UnsafePointer<xmlChar>?, _ pointers: [UnsafeRawPointer: Int], _ names: [String]) -> Int? {
            guard let pointer else { return nil }
            if let known = pointers[UnsafeRawPointer(pointer)] { return known }
            return names.firstIndex { name in
                name.withCString { strcmp($0, UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)) == 0 }
            }
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else { return .failure(lastError(reader)) }
            switch xmlReaderTypes(UInt32(xmlTextReaderNodeType(reader))) {
            case XML_READER_TYPE_DOCUMENT_TYPE:
                let line = Int(xmlTextReaderGetParserLineNumber(reader))
                return .failure(
                    XMLReadError(message: "a DOCTYPE is refused (no DTD or entity declarations are read)", line: line))
            case XML_READER_TYPE_ELEMENT:
                sawRoot = true
                // The parser's own line is where it has read ahead to; the node knows its start tag's.
                let line =
                    xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) }
                    ?? Int(xmlTextReaderGetParserLineNumber(reader))
                guard depth < maximumDepth else {
                    return .failure(
                        XMLReadError(message: "elements nest deeper than \(maximumDepth) levels", line: line))
                }
                let local = xmlTextReaderConstLocalName(reader)
                let namespace = xmlTextReaderConstNamespaceUri(reader)
                let tag = XMLStartTag(
                    localName: index(local, localNames, vocabulary.localNames),
                    namespace: index(namespace, namespaces, vocabulary.namespaces),
                    line: line, localNamePointer: local, namespacePointer: namespace)
                visit(.start(tag))
                if xmlTextReaderIsEmptyElement(reader) == 1 { visit(.end) } else { depth += 1 }
            case XML_READER_TYPE_END_ELEMENT:
                if depth > 0 {
                    depth -= 1
                    visit(.end)
                }
            case XML_READER_TYPE_TEXT, XML_READER_TYPE_CDATA, XML_READER_TYPE_WHITESPACE,
                XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
                if depth > 0, let value = xmlTextReaderConstValue(reader) {
                    visit(.text(UnsafeBufferPointer(start: value, count: strlen(value))))
                }
            case XML_READER_TYPE_ENTITY_REFERENCE:
                let line = Int(xmlTextReaderGetParserLineNumber(reader))
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
        return XMLReadError(
            message: message.isEmpty ? "not well-formed XML" : message,
            line: error.pointee.line > 0 ? Int(error.pointee.line) : line)
    }

    /// The line of the first start tag with more than ``maximumAttributes`` attributes (each `=`
    /// outside quotes in a tag), found before libxml2 sees the document; nil when there is none.
    package static func lineOfElementWithTooManyAttributes(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            var index = 0
            // Text between tags is skipped with memchr; the line is counted only for a tag refused.
            while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) {
                let tagStart = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                index = tagStart + 1
                guard index < count else { break }
                let next = buffer[index]
                guard next != UInt8(ascii: "/"), next != UInt8(ascii: "!"), next != UInt8(ascii: "?") else { continue }
                var attributes = 0
                var quote: UInt8 = 0
                while index < count {
                    let inner = buffer[index]
                    index += 1
                    if quote != 0 {
                        if inner == quote { quote = 0 }
                    } else if inner == 0x22 || inner == 0x27 {
                        quote = inner
                    } else if inner == UInt8(ascii: "=") {
                        attributes += 1
                        if attributes > maximumAttributes {
                            return 1
                                + UnsafeBufferPointer(rebasing: buffer[0..<tagStart]).reduce(0) {
                                    $0 + ($1 == 0x0A ? 1 : 0)
                                }
                        }
                    } else if inner == UInt8(ascii: ">") {
                        break
                    }
                }
            }
            return nil
        }
    }
}
