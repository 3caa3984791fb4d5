import OrderMailCore

/// A column of a care-unit list, as bulk-tak and activate read it: one table of the names a
/// header row may give each column, in English or Swedish, in any case.
public enum UnitListColumn: String, CaseIterable, Sendable {
    case hsaID = "hsa_id"
    case name
    case contracts
    case county
    case municipalityCode = "municipality_code"
    case municipality
    case visitingAddress = "visiting_address"

    /// Every header (lower case) that names this column; the first is the English key.
    public var headers: [String] {
        switch self {
        case .hsaID: ["hsa_id", "hsa-id", "hsaid", "hsa id"]
        case .name: ["name", "namn", "unit name", "enhetens namn", "enhetsnamn"]
        case .contracts: ["contracts", "kontrakt", "tjänstekontrakt"]
        case .county: ["county", "län", "lan", "county_code", "länskod"]
        case .municipalityCode: ["municipality_code", "municipality code", "kommunkod"]
        case .municipality: ["municipality", "kommun", "kommunnamn"]
        case .visitingAddress:
            ["visiting_address", "visiting address", "address", "besöksadress", "besoksadress", "adress"]
        }
    }

    /// The header an activation order's CSV attachment writes, in `language`.
    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.hsaID, _): "HSA-id"
        case (.name, .sv): "Enhetens namn"
        case (.name, .en): "Unit name"
        case (.contracts, .sv): "Kontrakt"
        case (.contracts, .en): "Contracts"
        case (.county, .sv): "Län"
        case (.county, .en): "County"
        case (.municipalityCode, .sv): "Kommunkod"
        case (.municipalityCode, .en): "Municipality code"
        case (.municipality, .sv): "Kommun"
        case (.municipality, .en): "Municipality"
        case (.visitingAddress, .sv): "Besöksadress"
        case (.visitingAddress, .en): "Visiting address"
        }
    }

    /// The column a header cell names (trimmed, any case), or nil.
    public init?(header: String) {
        let key = header.trimmingWhitespace.lowercased()
        guard let column = Self.allCases.first(where: { $0.headers.contains(key) }) else { return nil }
        self = column
    }

    /// The columns of a header row by position; `unknown` is the first cell that names none.
    static func layout(_ fields: [String]) -> (
        columns: [UnitListColumn: Int], unknown: String?, repeated: UnitListColumn?
    ) {
        var columns: [UnitListColumn: Int] = [:]
        for (index, field) in fields.enumerated() {
            guard let column = UnitListColumn(header: field) else { return (columns, field.trimmingWhitespace, nil) }
            if columns[column] != nil { return (columns, nil, column) }
            columns[column] = index
        }
        return (columns, nil, nil)
    }

    /// Whether the first row of a list is a header row: one of its cells names the HSA-id column.
    static func isHeader(_ fields: [String]) -> Bool {
        fields.contains { UnitListColumn(header: $0) == .hsaID }
    }
}
