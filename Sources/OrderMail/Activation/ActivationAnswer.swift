import Foundation
import OrderMailCore

/// Support's answer about some of an activation order's units (`mark ID confirmed --units FILE` or
/// `--except FILE`): which units it concerns, checked against the order.
public enum ActivationAnswer {
    /// The HSA-ids (upper case) listed in the file at `path`: a unit list with a header row (its
    /// hsa_id column), or one HSA-id a line (the first field of each row).
    public static func readHSAIDs(path: String) throws(OrderMailError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingInput(
                path: path,
                reason: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        let text: [UInt8]
        do { text = try TextDecoding.decode(Array(data)).utf8 } catch {
            throw .invalidData(UnitList.decodingReport(error, path: path))
        }
        var records: [CSVRecord] = []
        do { try CSVReader.read(text, delimiter: CSVReader.detectDelimiter(text)) { records.append($0) } } catch {
            throw .invalidData("\(path): line \(error.line): \(error.message)")
        }
        var column = 0
        if let first = records.first, UnitListColumn.isHeader(first.fields) {
            column = UnitListColumn.layout(first.fields).columns[.hsaID] ?? 0
            records.removeFirst()
        }
        var problems = FileProblems()
        var ids: [String] = []
        for record in records {
            let field = column < record.fields.count ? record.fields[column].trimmingWhitespace : ""
            do { ids.append(try HSAID(field, policy: .tak, field: "hsa_id").normalized) } catch {
                problems.append(line: record.line, "hsa_id: \(error.rule)")
            }
        }
        guard problems.isEmpty else {
            throw .invalidData(
                problems.report(path: path, summary: "\(problems.count.counted("problem")); nothing was recorded"))
        }
        guard !ids.isEmpty else { throw .invalidData("\(path): lists no unit") }
        return ids
    }

    /// The units (upper case, in the order's order) an answer concerns: those `named`, or with
    /// `except` every other unit of the order. Every unit named must be one of the order's, and
    /// the answer must leave at least one.
    public static func units(of order: Int64, orderUnits: [UnitRecord], named: [String], except: Bool)
        throws(OrderMailError) -> [String]
    {
        let all = orderUnits.map { HSAIDAnalysis.upperCased($0.hsaID) }
        let known = Set(all)
        if let stranger = named.first(where: { !known.contains($0) }) {
            throw .ledger(
                "\(stranger) is not one of order \(order)'s \(all.count.counted("unit")); see ordermail show \(order)",
                .data)
        }
        let chosen = Set(named)
        let result = all.filter { except ? !chosen.contains($0) : chosen.contains($0) }
        guard !result.isEmpty else {
            throw .ledger(
                "order \(order): the answer would concern no unit; if support activated none, mark it rejected", .data)
        }
        return result
    }
}
