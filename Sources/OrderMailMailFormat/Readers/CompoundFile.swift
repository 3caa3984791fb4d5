import OrderMailCore

/// A reader of Microsoft's Compound File Binary format ([MS-CFB]), the container of Outlook's
/// `.msg` files: a small FAT file system of sectors, with a mini stream for streams under 4096
/// bytes. Only the streams directly in the root storage are listed, which is where a message's
/// own properties are. Every sector number and chain is checked, so a damaged file gives an
/// error, never a crash or a loop: the FAT holds at most one entry per sector of the file, a FAT
/// sector named twice is refused, and a chain that visits a sector twice is broken; so nothing
/// read is larger than the file itself.
package struct CompoundFile {
    /// The eight bytes every compound file starts with.
    package static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let freeSector: UInt32 = 0xFFFF_FFFF
    private static let noStream: UInt32 = 0xFFFF_FFFF

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniStreamCutoff: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    private let miniStream: [UInt8]
    /// The streams in the root storage, by name.
    package let rootStreams: [String: Entry]

    /// A directory entry for a stream.
    package struct Entry {
        package var startSector: UInt32
        package var size: Int
    }

    package init(bytes: [UInt8]) throws(MailFormatError) {
        guard bytes.count >= 512, bytes.starts(with: Self.signature) else {
            throw Self.damaged("no compound file signature")
        }
        self.bytes = bytes
        let sectorShift = Int(Self.u16(bytes, 0x1E))
        let miniShift = Int(Self.u16(bytes, 0x20))
        guard sectorShift == 9 || sectorShift == 12, miniShift == 6 else { throw Self.damaged("unknown sector size") }
        sectorSize = 1 << sectorShift
        miniSectorSize = 1 << miniShift
        miniStreamCutoff = Int(Self.u32(bytes, 0x38))
        let sectorCount =
            (bytes.count - sectorSize) / sectorSize + ((bytes.count - sectorSize) % sectorSize == 0 ? 0 : 1)

        // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain. Each is a sector of
        // the file, named once: the FAT never has more entries than the file has sectors' worth.
        var fatSectors: [UInt32] = (0..<109).map { Self.u32(bytes, 0x4C + $0 * 4) }.filter { $0 < Self.endOfChain - 3 }
        var difat = Self.u32(bytes, 0x44)
        var difatSeen = Set<UInt32>()
        while difat < Self.endOfChain - 3 {
            guard Int(difat) < sectorCount, difatSeen.insert(difat).inserted else {
                throw Self.damaged("broken DIFAT chain")
            }
            let offset = (Int(difat) + 1) * sectorSize
            let perSector = sectorSize / 4 - 1
            fatSectors += (0..<perSector).map { Self.u32(bytes, offset + $0 * 4) }.filter { $0 < Self.endOfChain - 3 }
            guard fatSectors.count <= sectorCount else {
                throw Self.damaged("more FAT sectors than the file has sectors")
            }
            difat = Self.u32(bytes, offset + perSector * 4)
        }
        guard fatSectors.count <= sectorCount, Set(fatSectors).count == fatSectors.count else {
            throw Self.damaged("the FAT names a sector twice, or more sectors than the file has")
        }
        var fat: [UInt32] = []
        for sector in fatSectors {
            guard Int(sector) < sectorCount else { throw Self.damaged("FAT sector \(sector) beyond the file's end") }
            let offset = (Int(sector) + 1) * sectorSize
            fat += (0..<(sectorSize / 4)).map { Self.u32(bytes, offset + $0 * 4) }
        }
        // Entries past the file's last sector name nothing that exists.
        self.fat = Array(fat.prefix(sectorCount))

        let directory = try Self.chain(bytes, fat: fat, start: Self.u32(bytes, 0x30), sectorSize: sectorSize, size: nil)
        let entries = stride(from: 0, to: directory.count - 127, by: 128).map { Array(directory[$0..<($0 + 128)]) }
        guard let root = entries.first, root[66] == 5 else { throw Self.damaged("no root entry") }
        let miniFATBytes = try Self.chain(
            bytes, fat: fat, start: Self.u32(bytes, 0x3C), sectorSize: sectorSize, size: nil)
        miniFAT = stride(from: 0, to: miniFATBytes.count - 3, by: 4).map { Self.u32(miniFATBytes, $0) }
        miniStream = try Self.chain(
            bytes, fat: fat, start: Self.u32(root, 116), sectorSize: sectorSize, size: Int(Self.u32(root, 120)))

        // The root's children: a binary tree through the left and right sibling links.
        var streams: [String: Entry] = [:]
        var stack = [Self.u32(root, 76)]
        var visited = Set<UInt32>()
        while let index = stack.popLast() {
            guard index != Self.noStream else { continue }
            guard Int(index) < entries.count, visited.insert(index).inserted else {
                throw Self.damaged("broken directory tree")
            }
            let entry = entries[Int(index)]
            stack += [Self.u32(entry, 68), Self.u32(entry, 72)]
            guard entry[66] == 2 else { continue }
            let nameLength = min(64, Int(Self.u16(entry, 64)))
            let units = stride(from: 0, to: max(0, nameLength - 2), by: 2).map { Self.u16(entry, $0) }
            streams[String(decoding: units, as: UTF16.self)] = Entry(
                startSector: Self.u32(entry, 116), size: Int(Self.u32(entry, 120)))
        }
        rootStreams = streams
    }

    /// The bytes of the root stream `name`, nil when there is none.
    package func stream(_ name: String) throws(MailFormatError) -> [UInt8]? {
        guard let entry = rootStreams[name] else { return nil }
        guard entry.size <= MailLimits.maximumMessageBytes else { throw Self.damaged("stream \(name) is too large") }
        if entry.size < miniStreamCutoff {
            var output: [UInt8] = []
            var sector = entry.startSector
            var seen = Set<UInt32>()
            while output.count < entry.size {
                guard Int(sector) < miniFAT.count, seen.insert(sector).inserted else {
                    throw Self.damaged("broken mini stream chain")
                }
                let offset = Int(sector) * miniSectorSize
                guard offset + miniSectorSize <= miniStream.count else {
                    throw Self.damaged("mini sector beyond the mini stream")
                }
                output += miniStream[offset..<(offset + miniSectorSize)]
                sector = miniFAT[Int(sector)]
            }
            return Array(output.prefix(entry.size))
        }
        return try Self.chain(bytes, fat: fat, start: entry.startSector, sectorSize: sectorSize, size: entry.size)
    }

    /// The sectors of the chain from `start`, concatenated (and cut to `size` when given).
    private static func chain(_ bytes: [UInt8], fat: [UInt32], start: UInt32, sectorSize: Int, size: Int?)
        throws(MailFormatError) -> [UInt8]
    {
        // A chain visits each sector at most once, so it is never longer than the file.
        if let size, size > fat.count * sectorSize { throw damaged("a stream larger than the file") }
        var output: [UInt8] = []
        var sector = start
        var seen = Set<UInt32>()
        while sector != endOfChain && sector != freeSector {
            let offset = (Int(sector) + 1) * sectorSize
            guard Int(sector) < fat.count, seen.insert(sector).inserted, offset + sectorSize <= bytes.count else {
                throw damaged("broken sector chain (a sector out of range, or visited twice)")
            }
            output += bytes[offset..<(offset + sectorSize)]
            if let size, output.count >= size { break }
            sector = fat[Int(sector)]
        }
        if let size {
            guard output.count >= size else { throw damaged("stream shorter than its directory entry says") }
            return Array(output.prefix(size))
        }
        return output
    }

    private static func damaged(_ reason: String) -> MailFormatError {
        MailFormatError(rule: "not a readable Outlook .msg file: \(reason)")
    }

    package static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    package static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset + 4 <= bytes.count else { return freeSector }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(
            bytes[offset + 3]) << 24
    }
}
