import OrderMailCore

/// The platform a TAK order is for: one of the national NTjP platforms TAK's JSON schema lists, or
/// a region's own platform (Region Stockholm routes e-remiss through its own), by name.
public struct TAKPlatform: Equatable, Hashable, Sendable {
    /// The national platforms, by TAK's own names.
    public static let national = ["NTJP-DEV", "NTJP-TEST", "NTJP-QA", "NTJP-PROD"]

    /// The name as TAK (or the region's platform) writes it, upper case.
    public let rawValue: String

    /// The national production platform.
    public static let production = TAKPlatform(checked: "NTJP-PROD")
    /// The national QA platform.
    public static let qa = TAKPlatform(checked: "NTJP-QA")

    private init(checked name: String) { rawValue = name }

    /// Parses a name in any case: a national platform, or a region's own platform's name (1–40 of
    /// A–Z, 0–9, `-` and `_`, as it goes into file names and `plattform`).
    public init(parsing text: String) throws(FieldError) {
        let name = text.uppercased()
        guard (1...40).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw FieldError(
                field: "platform",
                rule:
                    "must be NTJP-DEV, NTJP-TEST, NTJP-QA or NTJP-PROD, or a region's own platform by name (1-40 of A-Z 0-9 - _)",
                example: "NTJP-PROD")
        }
        rawValue = name
    }

    /// Whether it is one of the platforms TAK's JSON schema lists.
    public var isNational: Bool { Self.national.contains(rawValue) }

    /// Only the national DEV and TEST platforms take plain http addresses; a region's own
    /// platform is held to https, as production is.
    public var requiresHTTPS: Bool { rawValue != "NTJP-DEV" && rawValue != "NTJP-TEST" }

    /// What to know about a platform outside TAK's list, or nil for a national one.
    public var note: String? {
        isNational
            ? nil
            : "\(rawValue) is not one of the national platforms TAK's JSON schema lists (\(Self.national.joined(separator: ", "))): accepted as the name of the region's own platform; its TAK must take that name in plattform"
    }
}
