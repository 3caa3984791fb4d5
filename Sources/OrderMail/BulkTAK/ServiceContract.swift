import OrderMailCore

/// A family of service contracts a bulk-TAK order can route: its domain, its contracts by short
/// name, the major versions the catalogue knows, and whether it has a workbook form.
public struct ContractFamily: Equatable, Sendable {
    /// The name a `--contract` may give before `/`, e.g. `tidbokning`.
    public let name: String
    /// The namespace before `:<Name>Responder:<major>`.
    public let domain: String
    public let contracts: [String]
    public let majors: [Int]
    /// Whether the service's administration has a workbook (mass-TAKning) form for it: e-remiss
    /// only; other families are ordered as TAK JSON only.
    public let hasWorkbook: Bool
    /// How the JSON order's `kommentar` names it.
    public let title: String

    /// e-remiss (clinicalprocess:activity:request), majors 1 and 2.
    public static let eRemiss = ContractFamily(
        name: "e-remiss", domain: "urn:riv:clinicalprocess:activity:request",
        contracts: ["ProcessRequest", "ProcessRequestConfirmation", "ProcessRequestOutcome"], majors: [1, 2],
        hasWorkbook: true,
        title: "e-remiss")

    /// Tidbokning (crm:scheduling), major 1: the eleven contracts of the domain.
    public static let tidbokning = ContractFamily(
        name: "tidbokning", domain: "urn:riv:crm:scheduling",
        contracts: [
            "CancelBooking", "GetAllCareTypes", "GetAllHealthcareFacilities", "GetAllPerformers", "GetAllTimeTypes",
            "GetAvailableDates", "GetAvailableTimeslots", "GetBookingDetails", "GetSubjectOfCareSchedule",
            "MakeBooking",
            "UpdateBooking",
        ],
        majors: [1], hasWorkbook: false, title: "Tidbokning")

    /// The catalogue.
    public static let catalogue = [eRemiss, tidbokning]

    /// The family whose domain `namespace` is in, if the catalogue has it.
    static func of(namespace: String) -> ContractFamily? {
        catalogue.first { namespace.hasPrefix($0.domain + ":") }
    }
}

/// A service contract with its major version, as TAK names it by namespace.
public struct ServiceContract: Hashable, Comparable, Sendable {
    /// `urn:riv:…:<Name>Responder:<major>`.
    public let namespace: String
    /// The contract's name without `Responder`, e.g. `ProcessRequest`.
    public let name: String
    public let majorVersion: Int

    /// Parses `[FAMILY/]NAME[:MAJOR]` for a contract of the catalogue (major 1 unless given), or
    /// a full namespace `urn:riv:…:XResponder:N`.
    public init(parsing text: String, field: String = "contract") throws(FieldError) {
        let example =
            "ProcessRequest, tidbokning/MakeBooking or urn:riv:clinicalprocess:activity:request:ProcessRequestResponder:1"
        if text.hasPrefix("urn:riv:") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 5, let major = Int(parts[parts.count - 1]), major > 0,
                parts[parts.count - 2].hasSuffix("Responder"), parts[parts.count - 2].count > "Responder".count,
                parts.allSatisfy({
                    !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                })
            else {
                throw FieldError(
                    field: field, rule: "\(Quoted(text)) is not a contract namespace urn:riv:…:<Name>Responder:<major>",
                    example: example)
            }
            namespace = text
            name = String(parts[parts.count - 2].dropLast("Responder".count))
            majorVersion = major
            return
        }
        var rest = Substring(text)
        var families = ContractFamily.catalogue
        if let slash = rest.firstIndex(of: "/") {
            let familyName = rest[..<slash].lowercased()
            families = families.filter { $0.name == familyName }
            guard !families.isEmpty else {
                throw FieldError(
                    field: field,
                    rule:
                        "\(Quoted(String(text[..<slash]))) is no contract family of the catalogue (\(ContractFamily.catalogue.map(\.name).joined(separator: ", ")))",
                    example: example)
            }
            rest = rest[rest.index(after: slash)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            let family = families.first(where: { $0.contracts.contains(String(parts[0])) })
        else {
            let known = families.map { "\($0.name): \($0.contracts.joined(separator: ", "))" }.joined(separator: "; ")
            throw FieldError(
                field: field,
                rule:
                    "\(Quoted(text)) is not a contract of the catalogue (\(known); optionally :MAJOR) or a full namespace",
                example: example)
        }
        var major = 1
        if parts.count == 2 {
            guard let given = Int(parts[1]), given > 0 else {
                throw FieldError(
                    field: field, rule: "\(Quoted(text)): the major version must be a whole number",
                    example: "ProcessRequest:2")
            }
            guard family.majors.contains(given) else {
                throw FieldError(
                    field: field,
                    rule:
                        "\(Quoted(text)): the catalogue knows \(family.name) in major \(family.majors.map(String.init).joined(separator: " and ")) only; give another major as a full namespace"
                )
            }
            major = given
        }
        name = String(parts[0])
        majorVersion = major
        namespace = "\(family.domain):\(name)Responder:\(major)"
    }

    /// The family of the catalogue this contract belongs to, if any.
    public var family: ContractFamily? { ContractFamily.of(namespace: namespace) }

    /// Whether a unit list's `contracts` entry names this contract: its namespace, its name, or `NAME:MAJOR`.
    func isNamed(_ token: String) -> Bool {
        token == namespace || token == name || token == "\(name):\(majorVersion)"
    }

    /// A short label for file names and summaries, e.g. `ProcessRequest-v1`.
    public var label: String { "\(name)-v\(majorVersion)" }

    /// Namespaces are ASCII, for which String's < is byte order.
    public static func < (lhs: ServiceContract, rhs: ServiceContract) -> Bool { lhs.namespace < rhs.namespace }
}

/// A contract and the producer's address for it.
public struct ContractBinding: Hashable, Sendable {
    public let contract: ServiceContract
    public let url: String

    /// Parses every `NAME[:MAJOR]=URL` given, each contract once.
    /// - Parameter note: receives a note for a contract given in two major versions (a migration).
    public static func parsingAll(
        _ texts: [String], platform: TAKPlatform, warn: (String) -> Void, note: (String) -> Void = { _ in }
    ) throws(FieldError) -> [ContractBinding] {
        let bindings = try texts.map { text throws(FieldError) in
            try ContractBinding(parsing: text, platform: platform, warn: warn)
        }
        if let repeated = Dictionary(grouping: bindings, by: \.contract).first(where: { $0.value.count > 1 }) {
            throw FieldError(field: "contract", rule: "\(repeated.key.namespace) is given twice")
        }
        let byName = Dictionary(grouping: bindings.map(\.contract), by: \.name)
        for name in byName.keys.sorted() {
            guard let majors = byName[name], majors.count > 1 else { continue }
            note(
                "\(name) is given in majors \(majors.map(\.majorVersion).sorted().map(String.init).joined(separator: " and ")) (a migration): a unit that names it in its contracts column must say which, e.g. \(name):\(majors.map(\.majorVersion).min() ?? 1); a unit without one gets both"
            )
        }
        return bindings
    }

    /// Parses `NAME[:MAJOR]=URL`; the URL must follow TAK's rules and, on QA and production, use https.
    /// - Parameter warn: receives a warning for an http address on DEV or TEST.
    public init(parsing text: String, platform: TAKPlatform, warn: (String) -> Void) throws(FieldError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw FieldError(
                field: "contract", rule: "\(Quoted(text)) must be NAME[:MAJOR]=URL",
                example: "ProcessRequest=https://remiss.example.se/ProcessRequest")
        }
        contract = try ServiceContract(parsing: String(text[..<equals]))
        url = String(text[text.index(after: equals)...])
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/-?&")
        guard (5...255).contains(url.count), url.allSatisfy(allowed.contains) else {
            throw FieldError(
                field: "contract",
                rule: "the address \(Quoted(url)) must be 5-255 characters of A-Z a-z 0-9 _ . : / - ? & (TAK's rule)",
                example: "https://remiss.example.se/ProcessRequest")
        }
        if url.lowercased().hasPrefix("https://") { return }
        guard url.lowercased().hasPrefix("http://") else {
            throw FieldError(
                field: "contract", rule: "the address \(Quoted(url)) must start with https://",
                example: "https://remiss.example.se/ProcessRequest")
        }
        if platform.requiresHTTPS {
            throw FieldError(
                field: "contract", rule: "the address \(Quoted(url)) must use https on \(platform.rawValue)",
                example: "https://remiss.example.se/ProcessRequest")
        }
        warn("\(contract.name): \(url) is plain http, allowed on \(platform.rawValue) only")
    }
}
