import Foundation
import OrderMailCompliance
import OrderMailCore

extension UnitRegister {
    /// How `units` prints the register.
    public enum Format: String, Sendable, CaseIterable {
        /// A readable view: one line per unit, its next steps under it, then each order's coverage.
        case text
        /// One row per unit, `;`-separated, UTF-8 with BOM, for the region's register in Excel.
        case csv
        /// One document for scripts.
        case json
    }

    /// The register in `format`; `mask` hides a value a capture gave that looks like a personal
    /// identity number (a booking system that put one in logicalAddress).
    public func rendered(_ format: Format, mask: PersonalDataMask) -> [UInt8] {
        switch format {
        case .text: Array(text(mask: mask).utf8)
        case .csv:
            [0xEF, 0xBB, 0xBF]
                + Array(
                    CSVWriter.text(
                        [Self.csvColumns] + units.map { Self.cells($0, mask: mask) + [updatesSource.label] },
                        delimiter: ";"
                    ).utf8)
        case .json: json(mask: mask)
        }
    }

    /// The CSV header row.
    static let csvColumns = [
        "hsa_id", "name", "qa", "qa_order", "qa_case", "qa_date", "production", "production_order", "production_case",
        "production_date", "tak_orders", "tak_platforms", "tak_contracts", "updates", "next_steps", "updates_source",
    ]

    /// `activated`, `pending`, `unsent`, `not-activated` or empty.
    private static func stateName(_ activation: UnitActivation?) -> String { activation?.state.rawValue ?? "" }

    private static func date(_ activation: UnitActivation?) -> String {
        activation.map { $0.effectiveDate ?? String($0.statusAt.prefix(10)) } ?? ""
    }

    private static func updates(_ unit: UnitStatus) -> String {
        unit.addressedByUpdates.map { $0 ? "addressed" : "not addressed" } ?? ""
    }

    static func cells(_ unit: UnitStatus, mask: PersonalDataMask) -> [String] {
        let qa = unit.state(in: .qa)
        let production = unit.state(in: .production)
        return [
            mask.mask(unit.hsaID), unit.name, stateName(qa), qa.map { String($0.orderID) } ?? "", qa?.supportCase ?? "",
            date(qa),
            stateName(production), production.map { String($0.orderID) } ?? "", production?.supportCase ?? "",
            date(production),
            unit.routings.map { String($0.orderID) }.joined(separator: " "),
            Array(Set(unit.routings.map(\.platform))).sorted().joined(separator: " "),
            Array(Set(unit.routings.flatMap(\.contracts))).sorted().joined(separator: " "), updates(unit),
            unit.nextSteps.joined(separator: "; "),
        ]
    }

    private func text(mask: PersonalDataMask) -> String {
        var lines: [String] = [TerminalText.escaped(updatesSource.description)]
        for unit in units {
            let qa = unit.state(in: .qa)
            let production = unit.state(in: .production)
            func activation(_ name: String, _ found: UnitActivation?) -> String {
                guard let found else { return "\(name): -" }
                return
                    "\(name): \(found.state.rawValue) (order \(found.orderID)\(found.supportCase.map { ", case \($0)" } ?? ""), \(Self.date(found)))"
            }
            let tak =
                unit.routings.isEmpty
                ? "TAK: -"
                : "TAK: "
                    + unit.routings.map { routing in
                        "order \(routing.orderID) \(routing.platform) \(routing.status.rawValue)\(routing.contracts.isEmpty ? "" : " " + routing.contracts.joined(separator: ","))"
                    }.joined(separator: "; ")
            var line =
                "\(mask.mask(unit.hsaID))\(unit.name.isEmpty ? "" : " " + unit.name)  \(activation("QA", qa))  \(activation("production", production))  \(tak)"
            if let addressed = unit.addressedByUpdates {
                line += "  updates: \(addressed ? "addressed" : "not addressed")"
            }
            lines.append(TerminalText.escaped(line))
            lines += unit.nextSteps.map { "  missing: " + TerminalText.escaped($0) }
        }
        if units.isEmpty { lines.append("the ledger knows no care unit") }
        if !coverage.isEmpty { lines += [""] + coverage.map { TerminalText.escaped($0) } }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The register as JSON: `units` (one object per unit) and `coverage`.
    private func json(mask: PersonalDataMask) -> [UInt8] {
        struct Activation: Encodable {
            var state: String, order: Int64, status: String, statusAt: String, supportCase: String?,
                effectiveDate: String?
        }
        struct Routing: Encodable { var order: Int64, platform: String, contracts: [String], status: String }
        struct Unit: Encodable {
            var hsaID: String, name: String, qa: [Activation], production: [Activation], tak: [Routing]
            var addressedByUpdates: Bool?, nextSteps: [String]
        }
        struct Source: Encodable {
            var kind: String
            var check: Int64? = nil
            var sourceSystem: String? = nil
            var checkedAt: String? = nil
            var capturedFrom: String? = nil
            var capturedUntil: String? = nil
            var logicalAddresses: Int? = nil
            var otherSystems: [String]? = nil
        }
        struct Document: Encodable { var units: [Unit], coverage: [String], updatesSource: Source }
        let source: Source
        switch updatesSource {
        case .capture: source = Source(kind: "capture")
        case .none: source = Source(kind: "none")
        case .check(let check, let others):
            source = Source(
                kind: "check", check: check.id, sourceSystem: check.sourceSystem, checkedAt: check.checkedAt,
                capturedFrom: check.capturedFrom, capturedUntil: check.capturedUntil,
                logicalAddresses: check.logicalAddresses.count, otherSystems: others)
        }
        func activations(_ list: [UnitActivation]) -> [Activation] {
            list.map {
                Activation(
                    state: $0.state.rawValue, order: $0.orderID, status: $0.status.rawValue, statusAt: $0.statusAt,
                    supportCase: $0.supportCase, effectiveDate: $0.effectiveDate)
            }
        }
        let document = Document(
            units: units.map { unit in
                Unit(
                    hsaID: mask.mask(unit.hsaID), name: unit.name, qa: activations(unit.qa),
                    production: activations(unit.production),
                    tak: unit.routings.map {
                        Routing(
                            order: $0.orderID, platform: $0.platform, contracts: $0.contracts,
                            status: $0.status.rawValue)
                    },
                    addressedByUpdates: unit.addressedByUpdates, nextSteps: unit.nextSteps)
            },
            coverage: coverage, updatesSource: source)
        return (try? JSONDocument.encode(document)) ?? Array("{}\n".utf8)
    }
}
