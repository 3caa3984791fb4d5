/// Writes Compound File Binary files ([MS-CFB], version 3, 512-byte sectors) holding streams in
/// the root storage, small ones in the mini stream, so the tests can build Outlook `.msg` fixtures.
/// Each file is checked with Python's `olefile` before ordermail reads it.
enum CompoundFileWriter {
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let free: UInt32 = 0xFFFF_FFFF
    private static let fatSector: UInt32 = 0xFFFF_FFFD

    /// A directory entry to write: a stream with its bytes, or a storage (type 1) with children.
    private struct Node {
        var name: String
        var type: UInt8
        var bytes: [UInt8] = []
        var child: UInt32 = free
        var right: UInt32 = free
        var start: UInt32 = endOfChain
    }

    /// Writes `streams`; a name `storage/stream` puts the stream in a storage below the root (as
    /// `.msg` files keep recipients and attachments).
    static func write(streams: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        // Siblings are kept in a chain of right links, which must be in the format's name order.
        let order: (String, String) -> Bool = { ($0.utf16.count, $0.uppercased()) < ($1.utf16.count, $1.uppercased()) }
        let storages = Set(
            streams.compactMap {
                $0.name.split(separator: "/").count == 2 ? String($0.name.split(separator: "/")[0]) : nil
            })
        let topLevel =
            (streams.filter { !$0.name.contains("/") }.map { Node(name: $0.name, type: 2, bytes: $0.bytes) }
            + storages.map { Node(name: $0, type: 1) }).sorted { order($0.name, $1.name) }
        var nodes = [Node(name: "Root Entry", type: 5)]
        func appendChain(_ level: [Node], parent: Int) {
            guard !level.isEmpty else { return }
            nodes[parent].child = UInt32(nodes.count)
            for (offset, node) in level.enumerated() {
                var node = node
                if offset + 1 < level.count { node.right = UInt32(nodes.count + 1) }
                nodes.append(node)
            }
        }
        appendChain(topLevel, parent: 0)
        for index in nodes.indices where nodes[index].type == 1 {
            let prefix = nodes[index].name + "/"
            let children = streams.filter { $0.name.hasPrefix(prefix) }
                .map { Node(name: String($0.name.dropFirst(prefix.count)), type: 2, bytes: $0.bytes) }
                .sorted { order($0.name, $1.name) }
            appendChain(children, parent: index)
        }

        var miniStream: [UInt8] = []
        var miniFAT: [UInt32] = []
        var bigStreams: [Int] = []
        for index in nodes.indices where nodes[index].type == 2 {
            let bytes = nodes[index].bytes
            if bytes.count >= 4096 {
                bigStreams.append(index)
                continue
            }
            let count = (bytes.count + 63) / 64
            nodes[index].start = count == 0 ? endOfChain : UInt32(miniFAT.count)
            for offset in 0..<count { miniFAT.append(offset == count - 1 ? endOfChain : UInt32(miniFAT.count + 1)) }
            miniStream += bytes + [UInt8](repeating: 0, count: count * 64 - bytes.count)
        }
        let directorySectors = (nodes.count + 3) / 4
        let miniFATSectors = (miniFAT.count * 4 + 511) / 512
        let miniStreamSectors = (miniStream.count + 511) / 512
        let bigSectors = bigStreams.map { (nodes[$0].bytes.count + 511) / 512 }
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
        for (position, index) in bigStreams.enumerated() { nodes[index].start = chain(bigSectors[position]) }
        fat += [UInt32](repeating: free, count: fatSectors * 128 - fat.count)

        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        put16(&header, 0x18, 0x003E)
        put16(&header, 0x1A, 3)
        put16(&header, 0x1C, 0xFFFE)
        put16(&header, 0x1E, 9)
        put16(&header, 0x20, 6)
        put32(&header, 0x2C, UInt32(fatSectors))
        put32(&header, 0x30, directoryStart)
        put32(&header, 0x38, 4096)
        put32(&header, 0x3C, miniFATStart)
        put32(&header, 0x40, UInt32(miniFATSectors))
        put32(&header, 0x44, endOfChain)
        put32(&header, 0x48, 0)
        for slot in 0..<109 { put32(&header, 0x4C + slot * 4, slot < fatSectors ? UInt32(slot) : free) }

        nodes[0].start = miniStream.isEmpty ? endOfChain : miniStreamStart
        var directory: [UInt8] = []
        for (index, node) in nodes.enumerated() {
            directory += entry(
                name: node.name, type: node.type, child: node.child, right: node.right,
                start: node.type == 1 ? 0 : node.start,
                size: index == 0 ? miniStream.count : node.bytes.count)
        }
        while directory.count < directorySectors * 512 {
            directory += entry(name: "", type: 0, child: free, right: free, start: 0, size: 0)
        }

        var file = header
        file += fat.flatMap(bytes32)
        file += directory
        file += padded(
            miniFAT.flatMap(bytes32) + [UInt8](repeating: 0xFF, count: (miniFATSectors * 512 - miniFAT.count * 4)))
        file += padded(miniStream)
        for index in bigStreams { file += padded(nodes[index].bytes) }
        return file
    }

    private static func entry(name: String, type: UInt8, child: UInt32, right: UInt32, start: UInt32, size: Int)
        -> [UInt8]
    {
        var entry = [UInt8](repeating: 0, count: 128)
        let units = Array(name.utf16)
        for (index, unit) in units.enumerated() { put16(&entry, index * 2, unit) }
        put16(&entry, 64, UInt16(name.isEmpty ? 0 : (units.count + 1) * 2))
        entry[66] = type
        entry[67] = 1
        put32(&entry, 68, free)
        put32(&entry, 72, right)
        put32(&entry, 76, child)
        put32(&entry, 116, start)
        put32(&entry, 120, UInt32(size))
        return entry
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
    }

    private static func bytes32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
    private static func put16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(value & 0xFF)
        bytes[offset + 1] = UInt8(value >> 8)
    }
    private static func put32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        bytes.replaceSubrange(offset..<(offset + 4), with: bytes32(value))
    }
}

/// The streams of an Outlook `.msg` file: string properties in UTF-16LE (`001F`).
enum OutlookMessageFixture {
    static func streams(_ properties: [UInt16: String], binary: [UInt16: [UInt8]] = [:]) -> [(
        name: String, bytes: [UInt8]
    )] {
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
