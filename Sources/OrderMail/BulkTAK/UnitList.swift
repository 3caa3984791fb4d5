import Foundation

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

    /// Reads and checks the file at `path`; every problem is reported at once, with its line.
    public static func read(
        path: String, contracts: [ServiceContract], allowsNonstandardHSAID: Bool
    ) throws(OrderMailError) -> UnitList {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .missingInput(path: path, reason: reason)
        }
        return try parse(Array(data), path: path, contracts: contracts, allowsNonstandardHSAID: allowsNonstandardHSAID)
    }

    /// Checks the bytes of a unit list; `path` names it in messages.
    static func parse(
        _ bytes: [UInt8], path: String, contracts: [ServiceContract], allowsNonstandardHSAID: Bool
    ) throws(OrderMailError) -> UnitList {
        let decoded: (utf8: [UInt8], encoding: TextEncoding)
        do { decoded = try TextDecoding.decode(bytes) } catch {
            throw .invalidData("\(path): line \(error.line): byte 0x\(QuotedPrintable.hex(error.byte)) is neither UTF-8 nor a Windows-1252 character")
        }
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(decoded.utf8, delimiter: CSVReader.detectDelimiter(decoded.utf8))
        } catch {
            throw .invalidData("\(path): line \(error.line): \(error.message)")
        }
        var checker = UnitChecker(contracts: contracts, policy: allowsNonstandardHSAID ? .tak : .strict(allowTestCatalogue: false))
        checker.check(records)
        guard checker.problems.isEmpty else {
            throw .invalidData(
                "\(path): \(checker.problems.count.counted("problem")); nothing was written:\n"
                    + checker.problems.map { "  line \($0.line): \($0.message)" }.joined(separator: "\n"))
        }
        // Valid HSA-ids are ASCII, for which String's < is byte order. Sorting positions and then
        // picking the units moves each unit once instead of at every step of the sort.
        let keys = checker.units.map(\.hsaID.normalized)
        let units = keys.indices.sorted { keys[$0] < keys[$1] }.map { checker.units[$0] }
        guard !units.isEmpty else { throw .invalidData("\(path): no units") }
        return UnitList(units: units, encoding: decoded.encoding, notes: checker.notes)
    }
}

/// Checks rows one by one, collecting units, problems and notes.
private struct UnitChecker {
    let contracts: [ServiceContract]
    let policy: HSAIDPolicy
    /// In the order first read.
    var units: [LogicalAddressUnit] = []
    /// Where each upper-case HSA-id is in `units`.
    private var positions: [String: Int] = [:]
    var problems: [(line: Int, message: String)] = []
    var notes: [String] = []
    /// Each distinct `contracts` field, resolved once.
    private var resolved: [String: (contracts: [ServiceContract], unknown: [String])] = [:]

    init(contracts: [ServiceContract], policy: HSAIDPolicy) {
        self.contracts = contracts.sorted()
        self.policy = policy
    }

    mutating func check(_ records: [CSVRecord]) {
        units.reserveCapacity(records.count)
        positions.reserveCapacity(records.count)
        guard let first = records.first else {
            problems.append((1, "the file holds no rows"))
            return
        }
        let header = first.fields.map { $0.trimmingWhitespace.lowercased() }
        if header.contains("hsa_id") {
            let known = ["hsa_id", "name", "contracts"]
            if let unknown = header.first(where: { !known.contains($0) }) {
                problems.append((first.line, "unknown column \(Quoted(unknown)); the columns are hsa_id, name and optionally contracts"))
                return
            }
            guard let nameColumn = header.firstIndex(of: "name"), let idColumn = header.firstIndex(of: "hsa_id") else {
                problems.append((first.line, "the header row needs the columns hsa_id and name"))
                return
            }
            let contractsColumn = header.firstIndex(of: "contracts")
            for record in records.dropFirst() {
                guard record.fields.count == header.count else {
                    problems.append((record.line, "has \(record.fields.count) fields; the header row has \(header.count)"))
                    continue
                }
                add(record, id: record.fields[idColumn], name: record.fields[nameColumn],
                    contracts: contractsColumn.map { record.fields[$0] } ?? "")
            }
        } else if HSAIDAnalysis(first.fields[0].trimmingWhitespace).meetsStrictRules
                    || (policy == .tak && first.fields.count == 2) {
            for record in records {
                guard record.fields.count == 2 else {
                    problems.append((record.line, "has \(record.fields.count) fields; expected HSA-id;name"))
                    continue
                }
                add(record, id: record.fields[0], name: record.fields[1], contracts: "")
            }
        } else {
            problems.append((first.line, "expected a header row (hsa_id, name, contracts) or rows of HSA-id;name"))
        }
    }

    /// The contracts a `contracts` field names, sorted (every contract given when it is empty), and
    /// the names that match no contract given.
    private mutating func resolve(_ field: String) -> (contracts: [ServiceContract], unknown: [String]) {
        if let known = resolved[field] { return known }
        let tokens = field.split(separator: "|").map(\.trimmingWhitespace).filter { !$0.isEmpty }
        let result = (
            contracts: tokens.isEmpty ? contracts : contracts.filter { contract in tokens.contains(where: contract.isNamed) },
            unknown: tokens.filter { token in !contracts.contains { $0.isNamed(token) } })
        resolved[field] = result
        return result
    }

    private mutating func add(_ record: CSVRecord, id rawID: String, name rawName: String, contracts rawContracts: String) {
        let line = record.line
        var hsaID: HSAID?
        do { hsaID = try HSAID(rawID.trimmingWhitespace, policy: policy) } catch {
            problems.append((line, "hsa_id: \(error.rule)"))
        }
        var name: String?
        do { name = try OrderText(rawName, field: "name", maximumLength: 255).value } catch {
            problems.append((line, "name: \(error.rule)"))
        }
        let (unitContracts, unknown) = resolve(rawContracts)
        for token in unknown {
            problems.append((line, "contract \(Quoted(token)) was not given with --contract"))
        }
        guard let hsaID, let name else { return }
        let unit = LogicalAddressUnit(hsaID: hsaID, name: name, contracts: unitContracts, line: line)
        guard let position = positions[hsaID.normalized] else {
            positions[hsaID.normalized] = units.count
            units.append(unit)
            return
        }
        let earlier = units[position]
        if earlier.name == unit.name && earlier.contracts == unit.contracts {
            notes.append("line \(line) repeats line \(earlier.line) (\(hsaID.normalized)) and was merged")
        } else {
            let differs = earlier.name != unit.name ? "name" : "contracts"
            problems.append((line, "\(hsaID.normalized) is listed on line \(earlier.line) with a different \(differs)"))
        }
    }
}
