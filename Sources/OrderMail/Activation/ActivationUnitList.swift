import Foundation
import OrderMailCore

/// A care unit to activate for web booking in 1177 Vårdguidens e-tjänster, with the fields 1177's
/// support asks for (Inera, "Ansluta vårdenheter till webbtidbokning").
public struct ActivationUnit: Equatable, Sendable {
    public let hsaID: HSAID
    public let name: String
    public let county: County
    /// The municipality, when the list gave its code (or its name).
    public let municipality: Municipality?
    public let visitingAddress: String?
    /// The line it was read from.
    public let line: Int
}

/// The units of an activation order, read from the same CSV lists bulk-tak reads (a header row in
/// English or Swedish, `;` or `,`, UTF-8 or Windows-1252) and checked as a whole: every problem is
/// reported with its line, and then nothing is used.
public struct ActivationUnitList: Sendable {
    /// In the order of the file.
    public let units: [ActivationUnit]
    public let encoding: TextEncoding

    /// Reads and checks the list at `path`; test-catalogue ids (`TSTNMT…`) only for QA.
    public static func read(path: String, environment: Environment) throws(OrderMailError) -> ActivationUnitList {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .missingInput(path: path, reason: reason)
        }
        return try parse(Array(data), path: path, environment: environment)
    }

    /// Checks the bytes of a list; `path` names it in messages.
    public static func parse(_ bytes: [UInt8], path: String, environment: Environment) throws(OrderMailError)
        -> ActivationUnitList
    {
        let decoded: (utf8: [UInt8], encoding: TextEncoding)
        do { decoded = try TextDecoding.decode(bytes) } catch {
            throw .invalidData(UnitList.decodingReport(error, path: path))
        }
        var records: [CSVRecord] = []
        do {
            try CSVReader.read(decoded.utf8, delimiter: CSVReader.detectDelimiter(decoded.utf8)) { records.append($0) }
        } catch {
            throw .invalidData("\(path): line \(error.line): \(error.message)")
        }
        guard let header = records.first else { throw .invalidData("\(path): line 1: the file holds no rows") }
        let (columns, unknown, repeated) = UnitListColumn.layout(header.fields)
        if let unknown {
            throw .invalidData(
                "\(path): line \(header.line): unknown column \(Quoted(unknown)); the columns are hsa_id, name, county and optionally municipality_code, municipality, visiting_address (or hsa-id, namn, län, kommunkod, kommun, besöksadress)"
            )
        }
        if let repeated {
            throw .invalidData("\(path): line \(header.line): the column \(repeated.rawValue) is named twice")
        }
        for required in [UnitListColumn.hsaID, .name, .county] where columns[required] == nil {
            throw .invalidData(
                "\(path): line \(header.line): the header row needs the columns hsa_id, name and county (hsa-id, namn, län); \(required.rawValue) is missing"
            )
        }
        let policy = HSAIDPolicy.strict(allowTestCatalogue: environment == .qa)
        var problems = FileProblems()
        var units: [ActivationUnit] = []
        var lines: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                problems.append(
                    line: record.line, "has \(record.fields.count) fields; the header row has \(header.fields.count)")
                continue
            }
            func field(_ column: UnitListColumn) -> String? {
                columns[column].map { record.fields[$0].trimmingWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let problemCount = problems.count
            func check<T>(_ body: () throws(FieldError) -> T) -> T? {
                do { return try body() } catch {
                    problems.append(line: record.line, "\(error.field): \(error.rule)")
                    return nil
                }
            }
            let hsaID = check { () throws(FieldError) in try HSAID(field(.hsaID) ?? "", policy: policy, field: "hsa_id")
            }
            let name = check { () throws(FieldError) in try DocumentText.validated(field(.name) ?? "", field: "name") }
            let county = check { () throws(FieldError) in try SwedishRegions.county(field(.county) ?? "") }
            var municipality: Municipality?
            if let county {
                municipality =
                    check { () throws(FieldError) -> Municipality? in
                        if let code = field(.municipalityCode) {
                            return try SwedishRegions.municipality(
                                code: code, name: field(.municipality), county: county)
                        }
                        guard let named = field(.municipality) else { return nil }
                        return try SwedishRegions.municipality(named: named, county: county)
                    } ?? nil
            }
            let address =
                check { () throws(FieldError) in
                    try field(.visitingAddress).map { text throws(FieldError) in
                        try DocumentText.validated(text, field: "visiting_address", maximumLength: 200)
                    }
                } ?? nil
            guard problems.count == problemCount, let hsaID, let name, let county else { continue }
            if let earlier = lines[hsaID.normalized] {
                problems.append(line: record.line, "hsa_id: \(hsaID.verbatim) is listed on line \(earlier) already")
                continue
            }
            lines[hsaID.normalized] = record.line
            units.append(
                ActivationUnit(
                    hsaID: hsaID, name: name, county: county, municipality: municipality, visitingAddress: address,
                    line: record.line))
        }
        if records.count == 1, problems.isEmpty {
            problems.append(line: header.line, "the file holds no units after its header row")
        }
        guard problems.isEmpty else {
            throw .invalidData(
                problems.report(
                    path: path, summary: "\(problems.count.counted("problem")); nothing was written or sent"))
        }
        return ActivationUnitList(units: units, encoding: decoded.encoding)
    }
}
