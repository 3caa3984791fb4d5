import Foundation

/// Byte search, one helper for the readers of mail, mbox files and captures.
extension ArraySlice<UInt8> {
    /// The index of the first occurrence of `pattern` at or after `start`, or nil.
    package func firstRange(of pattern: [UInt8], from start: Int) -> Int? {
        guard start < endIndex, !pattern.isEmpty else { return nil }
        return withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let offset = start - startIndex
            return pattern.withUnsafeBufferPointer { needle -> Int? in
                guard let needleBase = needle.baseAddress else { return nil }
                var position = offset
                while buffer.count - position >= needle.count {
                    guard
                        let found = memchr(
                            base + position, Int32(needle[0]), buffer.count - position - needle.count + 1)
                    else { return nil }
                    let candidate = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    if memcmp(base + candidate, needleBase, needle.count) == 0 { return startIndex + candidate }
                    position = candidate + 1
                }
                return nil
            }
        }
    }

    /// The index after the line feed that ends the line starting at `start`, or the end.
    package func lineEnd(from start: Int) -> Int {
        guard start < endIndex else { return endIndex }
        return withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return endIndex }
            let offset = start - startIndex
            guard let found = memchr(base + offset, 0x0A, buffer.count - offset) else { return endIndex }
            return startIndex + (UnsafeRawPointer(found) - UnsafeRawPointer(base)) + 1
        }
    }

    /// The end of the line's content: before its CRLF or LF.
    package func contentEnd(ofLineFrom start: Int, to lineEnd: Int) -> Int {
        var end = lineEnd
        if end > start, self[end - 1] == 0x0A { end -= 1 }
        if end > start, self[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
