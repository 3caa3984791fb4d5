import OrderMailCore

/// Turns a text file's bytes into UTF-8 chunk by chunk: UTF-8 passes through (a BOM dropped), and
/// UTF-16 with a BOM (what Windows PowerShell's `>` writes) is transcoded; an unpaired surrogate
/// becomes U+FFFD.
package struct TextTranscoder {
    private enum Form {
        case undecided, utf8
        case utf16(bigEndian: Bool)
    }
    private var form = Form.undecided
    private var pending: [UInt8] = []
    private var highSurrogate: UInt32?

    /// The UTF-8 bytes of `chunk`, holding back what the next chunk completes.
    package mutating func feed(_ chunk: [UInt8]) -> [UInt8] {
        if case .utf8 = form { return chunk }
        var bytes = pending + chunk
        pending = []
        if case .undecided = form {
            guard bytes.count >= 3 else {
                pending = bytes
                return []
            }
            if bytes.starts(with: [0xFF, 0xFE]) {
                form = .utf16(bigEndian: false)
                bytes.removeFirst(2)
            } else if bytes.starts(with: [0xFE, 0xFF]) {
                form = .utf16(bigEndian: true)
                bytes.removeFirst(2)
            } else {
                form = .utf8
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
        }
        guard case .utf16(let bigEndian) = form else { return bytes }
        if bytes.count % 2 == 1 { pending = [bytes.removeLast()] }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let unit =
                bigEndian
                ? UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                : UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
            index += 2
            append(unit, to: &utf8)
        }
        return utf8
    }

    /// What is left at the end of the input.
    package mutating func finish() -> [UInt8] {
        if case .undecided = form {
            form = .utf8
            defer { pending = [] }
            return pending
        }
        var utf8: [UInt8] = []
        if highSurrogate != nil || !pending.isEmpty { utf8 += Self.replacement }
        highSurrogate = nil
        pending = []
        return utf8
    }

    private mutating func append(_ unit: UInt32, to utf8: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                encode(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &utf8)
                return
            }
            utf8 += Self.replacement
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: utf8 += Self.replacement
        default: encode(unit, to: &utf8)
        }
    }

    private func encode(_ value: UInt32, to utf8: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else {
            utf8 += Self.replacement
            return
        }
        UTF8.encode(scalar) { utf8.append($0) }
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
}
