/// A service contract with its major version, as TAK names it by namespace.
public struct ServiceContract: Hashable, Comparable, Sendable {
    /// e-remiss's contracts (domain clinicalprocess:activity:request), by short name.
    public static let eRemissNames = ["ProcessRequest", "ProcessRequestConfirmation", "ProcessRequestOutcome"]
    static let eRemissDomain = "urn:riv:clinicalprocess:activity:request"

    /// `urn:riv:…:<Name>Responder:<major>`.
    public let namespace: String
    /// The contract's name without `Responder`, e.g. `ProcessRequest`.
    public let name: String
    public let majorVersion: Int

    /// Parses `NAME[:MAJOR]` for an e-remiss contract, or a full namespace `urn:riv:…:XResponder:N`.
    public init(parsing text: String, field: String = "contract") throws(FieldError) {
        let example = "ProcessRequest or urn:riv:clinicalprocess:activity:request:ProcessRequestResponder:1"
        if text.hasPrefix("urn:riv:") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 5, let major = Int(parts[parts.count - 1]), major > 0,
                  parts[parts.count - 2].hasSuffix("Responder"), parts[parts.count - 2].count > "Responder".count,
                  parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
            else {
                throw FieldError(field: field, rule: "\(Quoted(text)) is not a contract namespace urn:riv:…:<Name>Responder:<major>", example: example)
            }
            namespace = text
            name = String(parts[parts.count - 2].dropLast("Responder".count))
            majorVersion = major
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), Self.eRemissNames.contains(String(parts[0])) else {
            throw FieldError(
                field: field,
                rule: "\(Quoted(text)) is not an e-remiss contract (\(Self.eRemissNames.joined(separator: ", ")), optionally :MAJOR) or a full namespace",
                example: example)
        }
        var major = 1
        if parts.count == 2 {
            guard let given = Int(parts[1]), given > 0 else {
                throw FieldError(field: field, rule: "\(Quoted(text)): the major version must be a whole number", example: "ProcessRequest:2")
            }
            major = given
        }
        name = String(parts[0])
        majorVersion = major
        namespace = "\(Self.eRemissDomain):\(name)Responder:\(major)"
    }

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
    public static func parsingAll(_ texts: [String], platform: TAKPlatform, warn: (String) -> Void) throws(FieldError) -> [ContractBinding] {
        let bindings = try texts.map { text throws(FieldError) in try ContractBinding(parsing: text, platform: platform, warn: warn) }
        if let repeated = Dictionary(grouping: bindings, by: \.contract).first(where: { $0.value.count > 1 }) {
            throw FieldError(field: "contract", rule: "\(repeated.key.namespace) is given twice")
        }
        return bindings
    }

    /// Parses `NAME[:MAJOR]=URL`; the URL must follow TAK's rules and, on QA and production, use https.
    /// - Parameter warn: receives a warning for an http address on DEV or TEST.
    public init(parsing text: String, platform: TAKPlatform, warn: (String) -> Void) throws(FieldError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw FieldError(field: "contract", rule: "\(Quoted(text)) must be NAME[:MAJOR]=URL", example: "ProcessRequest=https://remiss.example.se/ProcessRequest")
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
            throw FieldError(field: "contract", rule: "the address \(Quoted(url)) must start with https://", example: "https://remiss.example.se/ProcessRequest")
        }
        if platform.requiresHTTPS {
            throw FieldError(field: "contract", rule: "the address \(Quoted(url)) must use https on \(platform.rawValue)", example: "https://remiss.example.se/ProcessRequest")
        }
        warn("\(contract.name): \(url) is plain http, allowed on \(platform.rawValue) only")
    }
}
