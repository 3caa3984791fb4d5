import Foundation

/// The service producer whose care units are connected.
public struct ServiceProducer: Equatable, Sendable {
    public let hsaID: HSAID
    public let name: String

    /// Validates the producer's HSA-id (strict, or TAK's rule with the opt-in) and name (1–255 characters).
    public init(hsaID: String, name: String, allowsNonstandardHSAID: Bool) throws(OrderMailError) {
        do {
            self.hsaID = try HSAID(
                hsaID, policy: allowsNonstandardHSAID ? .tak : .strict(allowTestCatalogue: false), field: "producer-hsa-id")
            self.name = try OrderText(name, field: "producer-name", maximumLength: 255).value
        } catch {
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
        // Few combinations, and units read from one list share one array per combination, so a
        // linear search whose == answers by identity beats hashing every unit's contracts.
        var groups: [(contracts: [ServiceContract], units: [LogicalAddressUnit])] = []
        for unit in units {
            if let index = groups.firstIndex(where: { $0.contracts == unit.contracts }) {
                groups[index].units.append(unit)
            } else {
                groups.append((unit.contracts, [unit]))
            }
        }
        let sorted = groups.sorted {
            $0.contracts.map(\.namespace).joined(separator: " ") < $1.contracts.map(\.namespace).joined(separator: " ")
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
            let shown = isLong ? "\(contracts[0].label)+\(contracts.count - 1)-more" : contracts.map(\.label).joined(separator: "+")
            return "bulk-tak_\(platform.rawValue)_\(shown.prefix(maximumBaseNameLength - 40))_\(digest)"
        }
    }

    /// TAK's machine-readable order (JSON Beställning) for this document.
    /// - Parameters:
    ///   - orderTime: written as `yyyy-MM-dd'T'HH:mm:ssZ` in `timeZone`, for both timestamps.
    ///   - executor: `utforare`, who carries out the order.
    public func takJSON(orderTime: Date, timeZone: TimeZone, executor: String) -> [UInt8] {
        let time = DateFormats.takTimestamp(orderTime, in: timeZone)
        let producerID = producer.hsaID.normalized
        var json = JSONText()
        json.raw("{\n  \"plattform\": ")
        json.string(platform.rawValue)
        json.raw(",\n  \"formatVersion\": 1,\n  \"version\": 1,\n  \"utforare\": ")
        json.string(executor)
        json.raw(",\n  \"kommentar\": ")
        json.string("Bulk-TAKning för e-remiss: \(units.count) logiska adresser hos \(producer.name) (\(producerID)), "
            + bindings.map(\.contract.label).joined(separator: ", "))
        json.raw(",\n  \"bestallningsTidpunkt\": ")
        json.string(time)
        json.raw(",\n  \"genomforandeTidpunkt\": ")
        json.string(time)
        json.raw(",\n  \"inkludera\": {\n    \"tjanstekontrakt\": [")
        for (index, binding) in bindings.enumerated() {
            json.raw(index == 0 ? "\n      " : ",\n      ")
            json.object(
                [("namnrymd", binding.contract.namespace), ("beskrivning", binding.contract.name)],
                suffix: ",\"majorVersion\":\(binding.contract.majorVersion)")
        }
        json.raw("\n    ],\n    \"logiskadresser\": [")
        for (index, unit) in units.enumerated() {
            json.raw(index == 0 ? "\n      " : ",\n      ")
            json.object([("hsaId", unit.hsaID.normalized), ("beskrivning", unit.name)])
        }
        json.raw("\n    ],\n    \"tjanstekomponenter\": [\n      ")
        json.object([("hsaId", producerID), ("beskrivning", producer.name)])
        json.raw("\n    ],\n    \"anropsbehorigheter\": [],\n    \"vagval\": [")
        // Each route differs only in its logical address: write the rest of each contract's once.
        let routes = bindings.map { binding -> (head: [UInt8], tail: [UInt8]) in
            var head = JSONText(), tail = JSONText()
            head.raw("{\"adress\":")
            head.string(binding.url)
            head.raw(",\"logiskAdress\":")
            tail.raw(",\"tjanstekontrakt\":")
            tail.string(binding.contract.namespace)
            tail.raw(",\"rivtaprofil\":\"RIVTABP21\",\"tjanstekomponent\":")
            tail.string(producerID)
            tail.raw("}")
            return (head.bytes, tail.bytes)
        }
        var first = true
        for unit in units {
            for route in routes {
                json.raw(first ? "\n      " : ",\n      ")
                first = false
                json.append(route.head)
                json.string(unit.hsaID.normalized)
                json.append(route.tail)
            }
        }
        json.raw("\n    ]\n  },\n  \"exkludera\": {\n    \"anropsbehorigheter\": [],\n    \"vagval\": []\n  }\n}\n")
        return json.bytes
    }
}
