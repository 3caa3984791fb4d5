import OrderMailCore

extension QuotedPrintable {
    /// Decodes quoted-printable bytes (RFC 2045 section 6.7): `=XX` escapes, soft line breaks (`=` at
    /// a line's end), trailing white space dropped. A malformed escape stays as written, as in
    /// Python's decoder. With `underscoreIsSpace`, the Q encoding of RFC 2047 words.
    package static func decode(_ bytes: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        var lineStart = output.count
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "="):
                var next = index + 1
                while next < bytes.endIndex, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
                if next < bytes.endIndex, bytes[next] == 0x0D || bytes[next] == 0x0A {
                    if bytes[next] == 0x0D, next + 1 < bytes.endIndex, bytes[next + 1] == 0x0A { next += 1 }
                    index = next + 1
                    continue
                }
                if next == bytes.endIndex {
                    index = next
                    continue
                }
                if let high = hexValue(bytes, index + 1), let low = hexValue(bytes, index + 2) {
                    output.append(high << 4 | low)
                    index += 3
                } else {
                    output.append(byte)
                    index += 1
                }
            case 0x0A:
                let endsInCR = output.last == 0x0D
                if endsInCR { output.removeLast() }
                while output.count > lineStart, output[output.count - 1] == 0x20 || output[output.count - 1] == 0x09 {
                    output.removeLast()
                }
                if endsInCR { output.append(0x0D) }
                output.append(byte)
                index += 1
                lineStart = output.count
            case UInt8(ascii: "_") where underscoreIsSpace:
                output.append(0x20)
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ bytes: ArraySlice<UInt8>, _ index: Int) -> UInt8? {
        guard index < bytes.endIndex else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return bytes[index] - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return bytes[index] - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return bytes[index] - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
