/// Builds JSON text directly into bytes: for large documents, where an encoder per value costs
/// more than the work itself. Keys are written in the order given.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    /// Empty JSON text.
    init() {}

    /// JSON text that goes on after `buffer`'s bytes, taking the buffer over (it is left empty), so
    /// that a long output is written in place.
    init(continuing buffer: inout [UInt8]) {
        bytes = buffer
        buffer = []
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Bytes that are already JSON.
    mutating func append(_ json: [UInt8]) { bytes.append(contentsOf: json) }

    /// A JSON string, escaped.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Over the contiguous UTF-8 storage: iterating String.UTF8View costs tens of instructions a byte.
        var text = text
        text.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0..<0x20: raw("\\u00" + QuotedPrintable.hex(byte))
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `,"key":"value"`, a string member after the first of an object; nothing when `value` is nil.
    /// `key` is written as it is: a name of letters and digits.
    mutating func member(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        string(value)
    }

    /// An object of string members, skipping nil values: `{"key":"value",…}`; `suffix` adds raw
    /// members before the brace.
    mutating func object(_ members: [(String, String?)], suffix: String = "") {
        raw("{")
        var first = true
        for (key, value) in members {
            guard let value else { continue }
            if !first { raw(",") }
            first = false
            string(key)
            raw(":")
            string(value)
        }
        raw(suffix + "}")
    }
}
