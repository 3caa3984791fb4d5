import OrderMailCore

/// A Swedish county (län) by its SCB code.
public struct County: Equatable, Hashable, Sendable {
    /// Two digits, `01`–`25` with gaps.
    public let code: String
    /// The name as SCB writes it, e.g. `Stockholms län`.
    public let name: String
}

/// A Swedish municipality (kommun) by its SCB code, which starts with its county's.
public struct Municipality: Equatable, Hashable, Sendable {
    /// Four digits.
    public let code: String
    /// The short name, e.g. `Upplands Väsby`.
    public let name: String
    /// The county's two-digit code.
    public let countyCode: String
}

/// Looks counties and municipalities up by code or name, from the library's copy of SCB's lists
/// (``SwedishRegionData``).
public enum SwedishRegions {
    /// The 21 counties, by code.
    public static let counties: [County] = rows(SwedishRegionData.counties).map { County(code: $0[0], name: $0[1]) }

    /// The 290 municipalities, by code.
    public static let municipalities: [Municipality] = rows(SwedishRegionData.municipalities).map {
        Municipality(code: $0[0], name: $0[1], countyCode: $0[2])
    }

    private static let countiesByCode = Dictionary(
        counties.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    private static let municipalitiesByCode = Dictionary(
        municipalities.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    /// Each county under every name form it is looked up by (lower case).
    private static let countiesByName: [String: County] = {
        var names: [String: County] = [:]
        for county in counties {
            for form in nameForms(county.name) { names[form] = county }
        }
        return names
    }()

    /// The county `text` names: its code (`1` or `01`), its name (`Stockholms län`), or the name
    /// without `län` (`Stockholms`, `Stockholm`), in any case.
    public static func county(_ text: String) throws(FieldError) -> County {
        let trimmed = text.trimmingWhitespace
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit) {
            let code = trimmed.count == 1 ? "0" + trimmed : trimmed
            guard let county = countiesByCode[code] else {
                throw FieldError(
                    field: "county",
                    rule:
                        "\(Quoted(trimmed)) is no county code (SCB's codes are 01–25 with gaps, e.g. 01 for Stockholms län)"
                )
            }
            return county
        }
        guard let county = countiesByName[trimmed.lowercased()] else {
            throw FieldError(
                field: "county",
                rule: "\(Quoted(trimmed)) is no Swedish county; give its SCB code or name, e.g. 01 or Stockholms län")
        }
        return county
    }

    /// The municipality with the four-digit `code`, which must lie in `county` and, when `name` is
    /// given, be called `name` (any case, with or without ` kommun`).
    public static func municipality(code: String, name: String?, county: County) throws(FieldError) -> Municipality {
        let trimmed = code.trimmingWhitespace
        guard trimmed.count == 4, trimmed.allSatisfy(\.isASCIIDigit) else {
            throw FieldError(
                field: "municipality_code",
                rule: "\(Quoted(trimmed)) must be SCB's four-digit municipality code, e.g. 0180")
        }
        guard let municipality = municipalitiesByCode[trimmed] else {
            throw FieldError(field: "municipality_code", rule: "\(trimmed) is no municipality code of SCB's")
        }
        guard municipality.countyCode == county.code else {
            throw FieldError(
                field: "municipality_code",
                rule:
                    "\(trimmed) (\(municipality.name)) lies in county \(municipality.countyCode), not in \(county.code) (\(county.name))"
            )
        }
        if let name = name?.trimmingWhitespace, !name.isEmpty {
            guard municipalityNameForms(municipality).contains(name.lowercased()) else {
                throw FieldError(
                    field: "municipality",
                    rule: "\(Quoted(name)) is not the name of \(trimmed), which is \(municipality.name)")
            }
        }
        return municipality
    }

    /// The municipality of `county` called `name` (any case, with or without ` kommun`), for a list
    /// that gives the name without the code.
    public static func municipality(named name: String, county: County) throws(FieldError) -> Municipality {
        let given = name.trimmingWhitespace.lowercased()
        guard
            let found = municipalities.first(where: {
                $0.countyCode == county.code && municipalityNameForms($0).contains(given)
            })
        else {
            throw FieldError(
                field: "municipality", rule: "\(Quoted(name.trimmingWhitespace)) is no municipality of \(county.name)")
        }
        return found
    }

    /// The names a municipality is recognised by (lower case).
    private static func municipalityNameForms(_ municipality: Municipality) -> [String] {
        let lower = municipality.name.lowercased()
        return [lower, lower + " kommun", lower + "s kommun"]
    }

    /// `Stockholms län` is also found as `stockholms` and `stockholm`.
    private static func nameForms(_ name: String) -> [String] {
        let lower = name.lowercased()
        guard lower.hasSuffix(" län") else { return [lower] }
        let stem = String(lower.dropLast(4))
        return stem.hasSuffix("s") ? [lower, stem, String(stem.dropLast())] : [lower, stem]
    }

    /// The rows after the header of one of the embedded `;`-separated lists.
    private static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst().map {
            $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
