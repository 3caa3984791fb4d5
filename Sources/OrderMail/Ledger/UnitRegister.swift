import Foundation
import OrderMailCore

/// A care unit's routing in TAK by one bulk-TAK order.
public struct UnitRouting: Equatable, Sendable {
    public var orderID: Int64
    public var platform: String
    /// The contracts' labels (`MakeBooking-v1`); empty for an order recorded before they were kept.
    public var contracts: [String]
    public var status: EventType
}

/// Everything the ledger (and, when given, a capture) knows of one care unit.
public struct UnitStatus: Equatable, Sendable {
    /// Upper case.
    public var hsaID: String
    /// From the newest order that lists it; empty for a unit only a capture names.
    public var name: String
    /// Where it stands in each activation order, newest first.
    public var qa: [UnitActivation]
    public var production: [UnitActivation]
    /// Its bulk-TAK orders (discarded and rejected ones left out), newest first.
    public var routings: [UnitRouting]
    /// Whether a captured `Update` addresses it; nil when no capture was given.
    public var addressedByUpdates: Bool?
    /// What is missing, one line each, with the next step.
    public var nextSteps: [String]

    /// The unit's state in `environment`: activated, else pending, else unsent, else not activated, else nil (never ordered).
    public func state(in environment: Environment) -> UnitActivation? {
        let orders = environment == .qa ? qa : production
        for wanted in [UnitActivation.State.activated, .pending, .unsent, .notActivated] {
            if let found = orders.first(where: { $0.state == wanted }) { return found }
        }
        return nil
    }
}

/// Where the register's list of units the booking system's updates address came from.
public enum UpdatesSource: Equatable, Sendable {
    /// Captured requests given to this run (`units --captures`).
    case capture
    /// The `logicalAddress` values recorded with a compliance check (`check-updates`), the newest
    /// that counts (not withdrawn) and kept them (schema 8 on); `otherSystems` are the booking
    /// systems (as spelt) with checks of their own that were not used.
    case check(ComplianceCheckRecord, otherSystems: [String])
    /// No capture given and no check recorded that kept its `logicalAddress` values.
    case none

    /// One line saying where the list came from, for the text view.
    public var description: String {
        switch self {
        case .capture: return "updates: from the captured requests given (--captures)"
        case .none:
            return
                "updates: not known: no compliance check with logicalAddress values is recorded; run check-updates or pass --captures"
        case .check(let check, let others):
            var span = ""
            if let from = check.capturedFrom, let until = check.capturedUntil {
                span = ", captured \(from) to \(until)"
            }
            var line =
                "updates: from compliance check \(check.id) of \(check.sourceSystem), checked \(check.checkedAt)\(span), "
                + "\(check.logicalAddresses.count.counted("logicalAddress value")) (--captures uses a capture instead)"
            if !others.isEmpty {
                line +=
                    "; other booking systems' checks not used: \(others.joined(separator: ", ")) (--source-system chooses)"
            }
            return line
        }
    }

    /// Short, for the CSV's `updates_source` column: `capture`, `check N` or empty.
    var label: String {
        switch self {
        case .capture: "capture"
        case .check(let check, _): "check \(check.id)"
        case .none: ""
        }
    }
}

/// The one view of every unit `ordermail units` prints: activation in QA and production, routing
/// in TAK, and whether the booking system's updates address it, with what is missing.
public struct UnitRegister: Sendable {
    public var units: [UnitStatus]
    /// One line per activation order that leaves known units out ("order 3 covers 12 of 14 units; missing …").
    public var coverage: [String]
    /// Where the units the updates address came from.
    public var updatesSource: UpdatesSource = .none

    /// The register of the units the ledger knows (or `only` those). The units the booking system's
    /// updates address are `captured` (a capture's `logicalAddress` values, upper case) when given,
    /// else those recorded with the newest compliance check that counts (of `sourceSystem`, any
    /// case, when given), else unknown.
    public static func build(
        ledger: Ledger, only: [String] = [], captured: Set<String>? = nil, sourceSystem: String? = nil,
        at now: Date = Date()
    ) throws(OrderMailError) -> UnitRegister {
        var captured = captured
        var source = UpdatesSource.capture
        if captured == nil {
            source = try ledger.latestUnitsCheck(sourceSystem: sourceSystem)
            if case .check(let check, _) = source {
                captured = Set(check.logicalAddresses.map(HSAIDAnalysis.upperCased))
            }
        }
        let activations = try ledger.unitActivations(environment: nil, at: now)
        let (routings, names) = try ledger.unitRoutings(at: now)
        var keys = Set(activations.keys).union(routings.keys).union(captured ?? [])
        if !only.isEmpty { keys = Set(only.map(HSAIDAnalysis.upperCased)) }
        var units: [UnitStatus] = []
        for key in keys.sorted() {
            let all = activations[key] ?? []
            var unit = UnitStatus(
                hsaID: key, name: names[key] ?? "", qa: all.filter { $0.environment == .qa },
                production: all.filter { $0.environment == .production }, routings: routings[key] ?? [],
                addressedByUpdates: captured.map { $0.contains(key) }, nextSteps: [])
            unit.nextSteps = nextSteps(unit)
            units.append(unit)
        }
        return UnitRegister(units: units, coverage: coverage(units, activations: activations), updatesSource: source)
    }

    /// What a unit lacks, each with the step that gives it.
    static func nextSteps(_ unit: UnitStatus) -> [String] {
        var steps: [String] = []
        let routed = !unit.routings.isEmpty
        let capturedOnly = unit.addressedByUpdates == true && unit.qa.isEmpty && unit.production.isEmpty && !routed
        if capturedOnly {
            return [
                "only the booking system's updates name it: activate it and order it in TAK, or correct logicalAddress in the booking system"
            ]
        }
        switch unit.state(in: .qa) {
        case .none: steps.append("activate in QA: ordermail activate --environment qa")
        case .some(let qa) where qa.state == .notActivated:
            steps.append("activate in QA: \(qa.description) did not activate it; order it again")
        case .some(let qa) where qa.state == .unsent:
            steps.append("activate in QA: send order \(qa.orderID) (ordermail send \(qa.orderID))")
        case .some(let qa) where qa.state == .pending:
            steps.append("activate in QA: awaiting support's answer to \(qa.description)")
        default: break
        }
        if !routed { steps.append("order in TAK: ordermail bulk-tak (e.g. --contract tidbokning/MakeBooking=URL)") }
        let inProduction = unit.routings.contains { $0.platform == "NTJP-PROD" }
        if inProduction, unit.state(in: .production)?.state != .activated {
            steps.append(
                "activate in production: the region's 1177 administration; then ordermail record --activation --environment production"
            )
        }
        if unit.addressedByUpdates == false {
            steps.append("no captured Update addresses it: check the booking system's logicalAddress for this unit")
        }
        return steps
    }

    /// For each activation order, how many of the units known it covers, and which it misses in its environment.
    static func coverage(_ units: [UnitStatus], activations: [String: [UnitActivation]]) -> [String] {
        var lines: [String] = []
        for environment in Environment.allCases {
            let known = units.filter {
                !$0.routings.isEmpty || $0.addressedByUpdates == true || !($0.state(in: environment) == nil)
            }
            let orders = Set(known.flatMap { environment == .qa ? $0.qa : $0.production }.map(\.orderID)).sorted(by: >)
            guard let newest = orders.first else { continue }
            let covered = known.filter { unit in
                (environment == .qa ? unit.qa : unit.production).contains {
                    $0.state == .activated || $0.state == .pending
                }
            }
            let missing = known.filter { unit in !covered.contains { $0.hsaID == unit.hsaID } }.map(\.hsaID)
            guard !missing.isEmpty else { continue }
            let shown =
                missing.prefix(10).joined(separator: ", ")
                + (missing.count > 10 ? ", … (\(missing.count - 10) more)" : "")
            let ordersText =
                orders.count == 1
                ? "order \(newest) covers" : "orders \(orders.sorted().map(String.init).joined(separator: ", ")) cover"
            lines.append(
                "activate in \(environment.rawValue): \(ordersText) \(covered.count) of \(known.count.counted("unit")); missing \(shown)"
            )
        }
        return lines
    }
}

extension Ledger {
    /// The newest compliance check that counts (not withdrawn) and kept its `logicalAddress`
    /// values (recorded since schema 8), of `sourceSystem` (any case) when given; with the other
    /// booking systems that have such checks.
    func latestUnitsCheck(sourceSystem: String?) throws(OrderMailError) -> UpdatesSource {
        let usable = try complianceChecks(hsaID: sourceSystem).filter { $0.counts && !$0.recordedAsOrder }
        guard let newest = usable.first else { return .none }
        var others: [String] = []
        for check in usable
        where check.sourceSystemNormalized != newest.sourceSystemNormalized
            && !others.contains(where: { HSAIDAnalysis.upperCased($0) == check.sourceSystemNormalized })
        {
            others.append(check.sourceSystem)
        }
        return .check(newest, otherSystems: others)
    }

    /// Every bulk-TAK order's units, by upper-case HSA-id, with each order's platform, contracts
    /// and status (discarded and rejected orders left out), newest first; and each unit's name
    /// from the newest order (activation or bulk-TAK) that lists it.
    func unitRoutings(at now: Date) throws(OrderMailError) -> (
        routings: [String: [UnitRouting]], names: [String: String]
    ) {
        var statuses: [Int64: EventType] = [:]
        try forEachSummary(OrderFilter(), at: now) { summary in
            if summary.kind.listsUnits { statuses[summary.id] = summary.status }
        }
        let rows = try run {
            try database.query(
                """
                SELECT o.id, o.kind, o.platform, o.contracts, u.hsa_id_normalized, u.name
                FROM orders o JOIN order_units u ON u.order_id = o.id ORDER BY o.id DESC
                """)
        }
        var routings: [String: [UnitRouting]] = [:]
        var names: [String: String] = [:]
        for row in rows {
            guard let id = row[0].integer, let status = statuses[id], let key = row[4].text else { continue }
            if names[key] == nil, let name = row[5].text { names[key] = name }
            guard row[1].text == OrderKind.bulkTAK.rawValue, status != .rejected else { continue }
            let contracts = (row[3].text ?? "").split(separator: "\n").map { namespace in
                let parts = namespace.split(separator: ":")
                return parts.count >= 2
                    ? "\(parts[parts.count - 2].replacingOccurrences(of: "Responder", with: ""))-v\(parts[parts.count - 1])"
                    : String(namespace)
            }
            routings[key, default: []].append(
                UnitRouting(orderID: id, platform: row[2].text ?? "", contracts: contracts, status: status))
        }
        return (routings, names)
    }
}
