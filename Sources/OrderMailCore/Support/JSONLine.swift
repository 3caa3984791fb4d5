/// One JSON object on one line, written member by member onto a byte buffer: `list --format json`
/// writes one per order, where an encoder per row would cost more than the query. Members are
/// written in the order given, a nil value left out; strings are escaped as RFC 8259 requires.
package struct JSONLine {
    private var first = true

    /// Starts an object at the end of `bytes`.
    package init(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
    }

    package mutating func member(_ key: String, _ value: String?, into bytes: inout [UInt8]) {
        guard let value else { return }
        separate(key, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
        Self.escape(value, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    package mutating func member(_ key: String, _ value: Int64, into bytes: inout [UInt8]) {
        separate(key, into: &bytes)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Ends the object and its line.
    package func finish(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func separate(_ key: String, into bytes: inout [UInt8]) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(contentsOf: "\":".utf8)
    }

    /// Appends `value` with `"`, `\` and the control characters escaped.
    package static func escape(_ value: String, into bytes: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0..<0x20: bytes.append(contentsOf: "\\u00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16))".utf8)
            default: bytes.append(byte)
            }
        }
    }
}
