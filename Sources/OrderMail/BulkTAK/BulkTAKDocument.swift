import Foundation
import OrderMailCore

/// The service producer whose care units are connected.
public struct ServiceProducer: Equatable, Sendable {
    public let hsaID: HSAID
    public let name: String

    /// Validates the producer's HSA-id (strict, or TAK's rule with the opt-in; any case) and name
    /// (1–255 characters, none that a workbook cannot hold).
    public init(hsaID: String, name: String, allowsNonstandardHSAID: Bool) throws(OrderMailError) {
        do {
            self.hsaID = try HSAID(
                hsaID, policy: allowsNonstandardHSAID ? .tak : .strict(allowTestCatalogue: false),
                field: "producer-hsa-id")
            self.name = try DocumentText.validated(name, field: "producer-name")
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }
}

/// Who carries out a bulk-TAK order (`utforare` in TAK's JSON order).
public struct TAKExecutor: Equatable, Sendable {
    public let name: String

    /// `flag` when given, else the configured region; neither is a usage error naming `--executor`.
    public init(flag: String?, configuredRegion: String?) throws(OrderMailError) {
        guard let name = flag ?? configuredRegion else {
            throw .invalidField(
                FieldError(
                    field: "executor", rule: "say who carries out the order (or set region in the configuration)",
                    example: "Region Stockholm"),
                source: .commandLine)
        }
        do { self.name = try DocumentText.validated(name, field: "executor") } catch {
            throw .invalidField(error, source: .commandLine)
        }
    }
}

/// One bulk-TAK document: the units that connect to one combination of contracts.
public struct BulkTAKDocument: Equatable, Sendable {
    public let platform: TAKPlatform
    public let producer: ServiceProducer
    /// This combination's contracts with the producer's addresses, sorted by namespace.
    public let bindings: [ContractBinding]
    /// Sorted by upper-case HSA-id.
    public let units: [LogicalAddressUnit]
    /// The files' name without extension, e.g. `bulk-tak_NTJP-PROD_ProcessRequest-v1+ProcessRequestOutcome-v1`:
    /// the platform and the contracts, unique among the order's documents.
    public let baseName: String

    /// The longest base name, in bytes: file systems allow 255, and the partial file's name adds to it.
    static let maximumBaseNameLength = 160

    /// Splits `units` into one document per distinct combination of contracts, in a fixed order.
    public static func documents(
        platform: TAKPlatform, producer: ServiceProducer, bindings: [ContractBinding], units: [LogicalAddressUnit]
    ) -> [BulkTAKDocument] {
        func key(_ contracts: [ServiceContract]) -> String { contracts.map(\.namespace).joined(separator: " ") }
        // Units that all share one combination (the usual order) stay in their array, not copied into a group.
        let sorted =
            if let first = units.first, units.allSatisfy({ $0.contracts == first.contracts }) {
                [(contracts: first.contracts, units: units)]
            } else {
                Dictionary(grouping: units, by: \.contracts).map { (contracts: $0.key, units: $0.value) }
                    .sorted { key($0.contracts) < key($1.contracts) }
            }
        let names = baseNames(platform: platform, combinations: sorted.map(\.contracts))
        return zip(sorted, names).map { group, name in
            BulkTAKDocument(
                platform: platform, producer: producer,
                bindings: group.contracts.compactMap { contract in bindings.first { $0.contract == contract } },
                units: group.units, baseName: name)
        }
    }

    /// `bulk-tak_<platform>_<label>+<label>…` for each combination. Where that is too long, or the
    /// same for two combinations (two namespaces may share a contract name), it gets the first
    /// eight hex digits of the SHA-256 of the combination's namespaces, and a long one keeps only
    /// its first label and a count of the rest.
    static func baseNames(platform: TAKPlatform, combinations: [[ServiceContract]]) -> [String] {
        let plain = combinations.map { "bulk-tak_\(platform.rawValue)_" + $0.map(\.label).joined(separator: "+") }
        return zip(combinations, plain).map { contracts, name in
            let isLong = name.utf8.count > maximumBaseNameLength
            guard isLong || plain.filter({ $0 == name }).count > 1 else { return name }
            let digest = SHA256.hex(contracts.map(\.namespace).joined(separator: " ")).prefix(8)
            let shown =
                isLong
                ? "\(contracts[0].label)+\(contracts.count - 1)-more" : contracts.map(\.label).joined(separator: "+")
            return "bulk-tak_\(platform.rawValue)_\(shown.prefix(maximumBaseNameLength - 40))_\(digest)"
        }
    }

    /// The families of the catalogue this document's contracts belong to, in catalogue order; a
    /// contract outside the catalogue counts as none.
    public var families: [ContractFamily] {
        ContractFamily.catalogue.filter { family in bindings.contains { $0.contract.family == family } }
    }

    /// Whether a workbook (the mass-TAKning form) can carry this document: not when a contract is
    /// of a family the catalogue orders as TAK JSON only (Tidbokning); a namespace outside the
    /// catalogue is the user's to judge.
    public var hasWorkbookForm: Bool { bindings.allSatisfy { $0.contract.family?.hasWorkbook ?? true } }

    /// What TAK's JSON order does silently (`BestallningService.prepareVagval`), said in its
    /// `kommentar` and in the summary.
    public static let reroutingNote =
        "En logisk adress som redan har vägval för något av kontrakten till en annan tjänsteproducent får vägvalet flyttat till denna (TAK ändrar befintliga vägval utan att fråga)."

    /// TAK's machine-readable order (JSON Beställning) for this document.
    /// - Parameters:
    ///   - orderTime: `bestallningsTidpunkt`, written as `yyyy-MM-dd'T'HH:mm:ssZ` in `timeZone`.
    ///   - executeAt: `genomforandeTidpunkt`, when TAK should carry it out (nil: at `orderTime`).
    ///   - executor: `utforare`, who carries out the order.
    func takOrder(orderTime: Date, executeAt: Date? = nil, timeZone: TimeZone, executor: TAKExecutor) -> TAKOrder {
        let time = DateFormats.takTimestamp(orderTime, in: timeZone)
        let producerID = producer.hsaID.normalized
        let contracts = bindings.map(\.contract.label).joined(separator: ", ")
        let title =
            families.count == 1 && bindings.allSatisfy({ $0.contract.family != nil })
            ? families[0].title : "tjänstekontrakt"
        return TAKOrder(
            plattform: platform.rawValue, formatVersion: 1, version: 1, utforare: executor.name,
            kommentar:
                "Bulk-TAKning för \(title): \(units.count) logiska adresser hos \(producer.name) (\(producerID)), \(contracts). \(Self.reroutingNote)",
            bestallningsTidpunkt: time,
            genomforandeTidpunkt: executeAt.map { DateFormats.takTimestamp($0, in: timeZone) } ?? time,
            inkludera: TAKOrder.Inclusions(
                tjanstekontrakt: bindings.map {
                    TAKOrder.Contract(
                        namnrymd: $0.contract.namespace, beskrivning: $0.contract.name,
                        majorVersion: $0.contract.majorVersion)
                },
                logiskadresser: units.map { TAKOrder.Entity(hsaId: $0.hsaID.normalized, beskrivning: $0.name) },
                tjanstekomponenter: [TAKOrder.Entity(hsaId: producerID, beskrivning: producer.name)],
                anropsbehorigheter: [],
                vagval: units.flatMap { unit in
                    bindings.map { binding in
                        TAKOrder.Route(
                            adress: binding.url, logiskAdress: unit.hsaID.normalized,
                            tjanstekontrakt: binding.contract.namespace,
                            rivtaprofil: "RIVTABP21", tjanstekomponent: producerID)
                    }
                }),
            exkludera: TAKOrder.Exclusions(anropsbehorigheter: [], vagval: []))
    }
}
