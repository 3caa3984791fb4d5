/// Writes Compound File Binary files ([MS-CFB], version 3, 512-byte sectors) holding streams in
/// the root storage, small ones in the mini stream, so the tests can build Outlook `.msg` fixtures.
/// Each file is checked with Python's `olefile` before ordermail reads it.
enum CompoundFileWriter {
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let free: UInt32 = 0xFFFF_FFFF
    private static let fatSector: UInt32 = 0xFFFF_FFFD

    static func write(streams unsorted: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        // Siblings are kept in a chain of right links, which must be in the format's name order.
        let streams = unsorted.sorted { ($0.name.utf16.count, $0.name.uppercased()) < ($1.name.utf16.count, $1.name.uppercased()) }
        var miniStream: [UInt8] = []
        var miniFAT: [UInt32] = []
        var starts: [UInt32] = []
        var bigStreams: [(index: Int, bytes: [UInt8])] = []
        for (index, stream) in streams.enumerated() {
            if stream.bytes.count >= 4096 {
                starts.append(0)
                bigStreams.append((index, stream.bytes))
                continue
            }
            let count = (stream.bytes.count + 63) / 64
            starts.append(count == 0 ? endOfChain : UInt32(miniFAT.count))
            for offset in 0..<count { miniFAT.append(offset == count - 1 ? endOfChain : UInt32(miniFAT.count + 1)) }
            miniStream += stream.bytes + [UInt8](repeating: 0, count: count * 64 - stream.bytes.count)
        }
        let directorySectors = (streams.count + 1 + 3) / 4
        let miniFATSectors = (miniFAT.count * 4 + 511) / 512
        let miniStreamSectors = (miniStream.count + 511) / 512
        let bigSectors = bigStreams.map { ($0.bytes.count + 511) / 512 }
        let others = directorySectors + miniFATSectors + miniStreamSectors + bigSectors.reduce(0, +)
        var fatSectors = 1
        while fatSectors * 128 < fatSectors + others { fatSectors += 1 }

        var fat = [UInt32](repeating: fatSector, count: fatSectors)
        func chain(_ count: Int) -> UInt32 {
            guard count > 0 else { return endOfChain }
            let first = fat.count
            for offset in 0..<count { fat.append(offset == count - 1 ? endOfChain : UInt32(first + offset + 1)) }
            return UInt32(first)
        }
        let directoryStart = chain(directorySectors)
        let miniFATStart = chain(miniFATSectors)
        let miniStreamStart = chain(miniStreamSectors)
        for (position, big) in bigStreams.enumerated() { starts[big.index] = chain(bigSectors[position]) }
        fat += [UInt32](repeating: free, count: fatSectors * 128 - fat.count)

        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        put16(&header, 0x18, 0x003E); put16(&header, 0x1A, 3); put16(&header, 0x1C, 0xFFFE)
        put16(&header, 0x1E, 9); put16(&header, 0x20, 6)
        put32(&header, 0x2C, UInt32(fatSectors)); put32(&header, 0x30, directoryStart)
        put32(&header, 0x38, 4096); put32(&header, 0x3C, miniFATStart); put32(&header, 0x40, UInt32(miniFATSectors))
        put32(&header, 0x44, endOfChain); put32(&header, 0x48, 0)
        for slot in 0..<109 { put32(&header, 0x4C + slot * 4, slot < fatSectors ? UInt32(slot) : free) }

        var directory = entry(name: "Root Entry", type: 5, child: streams.isEmpty ? free : 1, right: free,
                              start: miniStream.isEmpty ? endOfChain : miniStreamStart, size: miniStream.count)
        for (index, stream) in streams.enumerated() {
            directory += entry(name: stream.name, type: 2, child: free, right: index + 1 < streams.count ? UInt32(index + 2) : free,
                               start: starts[index], size: stream.bytes.count)
        }
        while directory.count < directorySectors * 512 { directory += entry(name: "", type: 0, child: free, right: free, start: 0, size: 0) }

        var file = header
        file += fat.flatMap(bytes32)
        file += directory
        file += padded(miniFAT.flatMap(bytes32) + [UInt8](repeating: 0xFF, count: (miniFATSectors * 512 - miniFAT.count * 4)))
        file += padded(miniStream)
        for big in bigStreams { file += padded(big.bytes) }
        return file
    }

    private static func entry(name: String, type: UInt8, child: UInt32, right: UInt32, start: UInt32, size: Int) -> [UInt8] {
        var entry = [UInt8](repeating: 0, count: 128)
        let units = Array(name.utf16)
        for (index, unit) in units.enumerated() { put16(&entry, index * 2, unit) }
        put16(&entry, 64, UInt16(name.isEmpty ? 0 : (units.count + 1) * 2))
        entry[66] = type
        entry[67] = 1
        put32(&entry, 68, free); put32(&entry, 72, right); put32(&entry, 76, child)
        put32(&entry, 116, start); put32(&entry, 120, UInt32(size))
        return entry
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
    }

    private static func bytes32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
    private static func put16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(value & 0xFF); bytes[offset + 1] = UInt8(value >> 8)
    }
    private static func put32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        bytes.replaceSubrange(offset..<(offset + 4), with: bytes32(value))
    }
}

/// The streams of an Outlook `.msg` file: string properties in UTF-16LE (`001F`).
enum OutlookMessageFixture {
    static func streams(_ properties: [UInt16: String], binary: [UInt16: [UInt8]] = [:]) -> [(name: String, bytes: [UInt8])] {
        func hex(_ tag: UInt16) -> String {
            let digits = String(tag, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - digits.count) + digits
        }
        var streams: [(name: String, bytes: [UInt8])] = [("__properties_version1.0", [UInt8](repeating: 0, count: 32))]
        for (tag, text) in properties {
            streams.append(("__substg1.0_\(hex(tag))001F", text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        }
        for (tag, bytes) in binary { streams.append(("__substg1.0_\(hex(tag))0102", bytes)) }
        return streams
    }
}
