import Foundation
import OrderMailCore
import OrderMailMailFormat

/// A care unit (logical address) to connect, with the contracts it connects to.
public struct LogicalAddressUnit: Equatable, Sendable {
    public let hsaID: HSAID
    public let name: String
    /// Sorted by namespace.
    public let contracts: [ServiceContract]
    /// The line it was read from.
    public let line: Int
}

/// The units of a bulk-TAK order, read from a CSV file and checked as a whole.
///
/// Two forms, told apart by the first row: with a header row (`hsa_id`, `name`, optional
/// `contracts` separated by `|`), or headerless `HSA-id;name` rows as regions keep them for
/// rojeras/MkTakJson, where every unit gets every contract.
public struct UnitList: Sendable {
    /// Sorted by upper-case HSA-id in byte order.
    public let units: [LogicalAddressUnit]
    public let encoding: TextEncoding
    /// Things worth knowing that are not errors, such as repeated rows that were merged.
    public let notes: [String]

    /// Reads and checks the file at `path`; every problem is reported at once (the first hundred
    /// in full), with its line.
    public static func read(
        path: String, contracts: [ServiceContract], allowsNonstandardHSAID: Bool
    ) throws(OrderMailError) -> UnitList {
        try parse(try contents(path), path: path, contracts: contracts, allowsNonstandardHSAID: allowsNonstandardHSAID)
    }

    /// The bytes of the file at `path` (the `Data` read is gone when this returns).
    private static func contents(_ path: String) throws(OrderMailError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .missingInput(path: path, reason: reason)
        }
        return Array(data)
    }

    /// Checks the bytes of a unit list; `path` names it in messages.
    static func parse(
        _ bytes: [UInt8], path: String, contracts: [ServiceContract], allowsNonstandardHSAID: Bool
    ) throws(OrderMailError) -> UnitList {
        let decoded: (utf8: [UInt8], encoding: TextEncoding)
        do { decoded = try TextDecoding.decode(bytes) } catch {
            throw .invalidData(decodingReport(error, path: path))
        }
        var checker = UnitChecker(
            contracts: contracts, policy: allowsNonstandardHSAID ? .tak : .strict(allowTestCatalogue: false))
        // About one unit a line: room for them all at once, rather than growing (and rehashing) as they come.
        checker.reserve(decoded.utf8.reduce(into: 0) { count, byte in if byte == 0x0A { count += 1 } })
        do {
            try CSVReader.read(decoded.utf8, delimiter: CSVReader.detectDelimiter(decoded.utf8)) { checker.check($0) }
        } catch {
            throw .invalidData("\(path): line \(error.line): \(error.message)")
        }
        if checker.isEmpty { checker.problems.append(line: 1, "the file holds no rows") }
        guard checker.problems.isEmpty else {
            throw .invalidData(
                checker.problems.report(
                    path: path, summary: "\(checker.problems.count.counted("problem")); nothing was written"))
        }
        // Valid HSA-ids are ASCII, for which String's < is byte order.
        var units = checker.takeUnits()
        units.sort { $0.hsaID.normalized < $1.hsaID.normalized }
        guard !units.isEmpty else { throw .invalidData("\(path): no units") }
        var notes = checker.migrationNotes + checker.notes
        if checker.noteCount > checker.notes.count {
            notes.append("… and \((checker.noteCount - checker.notes.count).counted("more repeated row")) merged")
        }
        return UnitList(units: units, encoding: decoded.encoding, notes: notes)
    }

    /// The message for bytes that are not text in one encoding, naming the lines.
    static func decodingReport(_ error: TextDecodingError, path: String) -> String {
        var problems = FileProblems()
        switch error {
        case .notUTF8(let lines):
            for line in lines { problems.append(line: line, "bytes that are not UTF-8") }
            return problems.report(
                path: path, summary: "not valid UTF-8; save it as UTF-8, or as Windows-1252 throughout")
        case .undefinedInWindows1252(let bytes):
            for (line, byte) in bytes {
                problems.append(
                    line: line, "byte 0x\(QuotedPrintable.hex(byte)) is neither UTF-8 nor a Windows-1252 character")
            }
            return problems.report(path: path, summary: "not UTF-8, and not Windows-1252 either")
        }
    }
}

/// Checks rows one by one as they are read, collecting units, problems and notes; the first row
/// decides the form.
private struct UnitChecker {
    /// How the rows are laid out, once the first row is read.
    private enum Form {
        case header(id: Int, name: Int, contracts: Int?, count: Int)
        case headerless
        case unknown
    }

    let contracts: [ServiceContract]
    let policy: HSAIDPolicy
    /// In the order first read.
    private(set) var units: [LogicalAddressUnit] = []
    /// Where each upper-case HSA-id is in `units`.
    private var positions: [String: Int] = [:]
    var problems = FileProblems()
    /// The first notes, and how many there are in all.
    private(set) var notes: [String] = []
    private(set) var noteCount = 0
    private var form: Form?
    /// Each distinct `contracts` field, resolved once.
    private var resolved: [String: (contracts: [ServiceContract], unknown: [String], ambiguous: [String])] = [:]
    /// The field resolved last, with its result.
    private var lastResolved:
        (field: String, result: (contracts: [ServiceContract], unknown: [String], ambiguous: [String]))?
    /// One note for each `contracts` field that names two major versions of a contract.
    private(set) var migrationNotes: [String] = []

    init(contracts: [ServiceContract], policy: HSAIDPolicy) {
        self.contracts = contracts.sorted()
        self.policy = policy
    }

    /// Whether no row was read.
    var isEmpty: Bool { form == nil }

    /// Makes room for about `count` units.
    mutating func reserve(_ count: Int) {
        units.reserveCapacity(count)
        positions.reserveCapacity(count)
    }

    /// The units read, handed over rather than copied.
    mutating func takeUnits() -> [LogicalAddressUnit] {
        positions = [:]
        defer { units = [] }
        return units
    }

    /// Checks one row; the first decides the form (a header row is not a unit).
    mutating func check(_ record: CSVRecord) {
        guard let form else {
            let first = readForm(record)
            form = first
            if case .headerless = first { check(record) }
            return
        }
        switch form {
        case .header(let id, let name, let contractsColumn, let count):
            guard record.fields.count == count else {
                problems.append(line: record.line, "has \(record.fields.count) fields; the header row has \(count)")
                return
            }
            add(
                record, id: record.fields[id], name: record.fields[name],
                contracts: contractsColumn.map { record.fields[$0] } ?? "")
        case .headerless:
            guard record.fields.count == 2 else {
                problems.append(line: record.line, "has \(record.fields.count) fields; expected HSA-id;name")
                return
            }
            add(record, id: record.fields[0], name: record.fields[1], contracts: "")
        case .unknown:
            return
        }
    }

    /// The form the first row shows; a problem when it shows none.
    private mutating func readForm(_ first: CSVRecord) -> Form {
        if UnitListColumn.isHeader(first.fields) {
            // The activation order's columns (county, municipality, address) may stand in the same
            // list: bulk-tak reads past them.
            let (columns, unknown, repeated) = UnitListColumn.layout(first.fields)
            if let unknown {
                problems.append(
                    line: first.line,
                    "unknown column \(Quoted(unknown)); the columns are hsa_id, name and optionally contracts (or hsa-id, namn, kontrakt)"
                )
                return .unknown
            }
            if let repeated {
                problems.append(line: first.line, "the column \(repeated.rawValue) is named twice")
                return .unknown
            }
            guard let name = columns[.name], let id = columns[.hsaID] else {
                problems.append(line: first.line, "the header row needs the columns hsa_id and name")
                return .unknown
            }
            return .header(id: id, name: name, contracts: columns[.contracts], count: first.fields.count)
        }
        if HSAIDAnalysis(first.fields[0].trimmingWhitespace).meetsStrictRules
            || (policy == .tak && first.fields.count == 2)
        {
            return .headerless
        }
        problems.append(line: first.line, "expected a header row (hsa_id, name, contracts) or rows of HSA-id;name")
        return .unknown
    }

    /// The contracts a `contracts` field names, sorted (every contract given when it is empty), the
    /// names that match no contract given, and the short names that would match two major versions.
    private mutating func resolve(_ field: String, line: Int) -> (
        contracts: [ServiceContract], unknown: [String], ambiguous: [String]
    ) {
        // Rows mostly repeat the row before's field: a comparison of bytes, no hashing.
        if let last = lastResolved, last.field == field { return last.result }
        if let known = resolved[field] {
            lastResolved = (field, known)
            return known
        }
        let tokens = field.split(separator: "|").map(\.trimmingWhitespace).filter { !$0.isEmpty }
        let result = (
            contracts: tokens.isEmpty
                ? contracts : contracts.filter { contract in tokens.contains(where: contract.isNamed) },
            unknown: tokens.filter { token in !contracts.contains { $0.isNamed(token) } },
            ambiguous: tokens.filter { token in contracts.filter { $0.name == token }.count > 1 }
        )
        resolved[field] = result
        lastResolved = (field, result)
        // A field that names two major versions of a contract (a migration) is noted once, on the
        // first line that holds it: this one.
        if result.ambiguous.isEmpty, result.unknown.isEmpty, !field.isEmpty,
            Set(result.contracts.map(\.name)).count < result.contracts.count
        {
            migrationNotes.append(
                "line \(line): contracts \(Quoted(field)) connect units to two major versions of a contract (a migration)"
            )
        }
        return result
    }

    private mutating func add(
        _ record: CSVRecord, id rawID: String, name rawName: String, contracts rawContracts: String
    ) {
        let line = record.line
        var hsaID: HSAID?
        let id = rawID.hasWhitespaceAtAnEdge ? rawID.trimmingWhitespace : rawID
        do { hsaID = try HSAID(id, policy: policy) } catch {
            problems.append(line: line, "hsa_id: \(error.rule)")
        }
        var name: String?
        do { name = try DocumentText.validated(rawName, field: "name") } catch {
            problems.append(line: line, "name: \(error.rule)")
        }
        let (unitContracts, unknown, ambiguous) = resolve(rawContracts, line: line)
        for token in unknown {
            problems.append(line: line, "contract \(Quoted(token)) was not given with --contract")
        }
        for token in ambiguous {
            let majors = contracts.filter { $0.name == token }.map { String($0.majorVersion) }
            problems.append(
                line: line,
                "contract \(Quoted(token)) would name majors \(majors.joined(separator: " and ")) given with --contract: name the major, e.g. \(token):\(majors[0])"
            )
        }
        guard let hsaID, let name else { return }
        let unit = LogicalAddressUnit(hsaID: hsaID, name: name, contracts: unitContracts, line: line)
        // One hash of the id for a new unit: its position goes in, and a unit listed before keeps its own.
        guard let position = positions.updateValue(units.count, forKey: hsaID.normalized) else {
            units.append(unit)
            return
        }
        positions[hsaID.normalized] = position
        let earlier = units[position]
        if earlier.name == unit.name && earlier.contracts == unit.contracts {
            noteCount += 1
            if notes.count < FileProblems.maximumShown {
                notes.append("line \(line) repeats line \(earlier.line) (\(Quoted(hsaID.normalized))) and was merged")
            }
        } else {
            let differs = earlier.name != unit.name ? "name" : "contracts"
            problems.append(
                line: line, "\(Quoted(hsaID.normalized)) is listed on line \(earlier.line) with a different \(differs)")
        }
    }
}
