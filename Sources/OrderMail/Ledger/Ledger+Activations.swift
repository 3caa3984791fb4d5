import Foundation
import OrderMailCore

/// What the ledger knows of one unit in one activation order.
public struct UnitActivation: Equatable, Sendable {
    /// Where a unit stands in one order.
    public enum State: String, Sendable {
        /// Support (or the region's 1177 administration) activated it.
        case activated
        /// The order reached support, or may have; no answer for this unit yet.
        case pending
        /// Composed, not sent (or failed).
        case unsent
        /// Support answered the order without activating this unit, or rejected the order.
        case notActivated = "not-activated"
    }

    public var orderID: Int64
    public var environment: Environment
    public var state: State
    /// The order's status.
    public var status: EventType
    /// When the order reached its status (`yyyy-MM-ddTHH:mm:ssZ`).
    public var statusAt: String
    public var supportCase: String?
    /// When support said the activation takes effect.
    public var effectiveDate: String?

    /// `order 3 (confirmed 2026-11-02, case 12345)`.
    public var description: String {
        var parts = ["\(status.rawValue) \(statusAt.prefix(10))"]
        if let supportCase { parts.append("case \(supportCase)") }
        return "order \(orderID) (\(parts.joined(separator: ", ")))"
    }
}

extension Ledger {
    /// Every activation order's units, by upper-case HSA-id, with where each stands in each order
    /// (newest order first); `environment` nil for both environments.
    public func unitActivations(environment: Environment?, at now: Date = Date()) throws(OrderMailError) -> [String:
        [UnitActivation]]
    {
        var filter = OrderFilter()
        filter.kind = .activation
        filter.environment = environment
        filter.includesDiscarded = false
        var result: [String: [UnitActivation]] = [:]
        for summary in try summaries(filter, at: now) {
            guard let orderEnvironment = summary.environment.flatMap(Environment.init(rawValue:)) else { continue }
            let answer = try latestAnswer(ofOrder: summary.id)
            let answered = answer?.units.map { Set($0.split(separator: "\n").map(String.init)) }
            for unit in try units(ofOrder: summary.id) {
                let key = HSAIDAnalysis.upperCased(unit.hsaID)
                let state: UnitActivation.State =
                    switch summary.status {
                    case .confirmed: answered.map { $0.contains(key) } ?? true ? .activated : .notActivated
                    case .rejected: .notActivated
                    case .draft, .failedTemporary, .failedPermanent, .bounced: .unsent
                    default: .pending
                    }
                result[key, default: []].append(
                    UnitActivation(
                        orderID: summary.id, environment: orderEnvironment, state: state, status: summary.status,
                        statusAt: summary.statusAt, supportCase: answer?.supportCase ?? summary.supportCase,
                        effectiveDate: answer?.effectiveDate))
            }
        }
        return result
    }

    /// The order (newest first) that activated the unit `hsaID` (upper case) in `environment`, or
    /// has it with support: a new order leaves such a unit out.
    public static func standingActivation(
        of hsaID: String, in activations: [String: [UnitActivation]], environment: Environment
    ) -> UnitActivation? {
        activations[hsaID]?.first { $0.environment == environment && ($0.state == .activated || $0.state == .pending) }
    }

    /// The units (upper case) activated in `environment`, by any order.
    public func activatedUnits(in environment: Environment, at now: Date = Date()) throws(OrderMailError) -> Set<String>
    {
        Set(
            try unitActivations(environment: environment, at: now).filter {
                $0.value.contains { $0.state == .activated }
            }.keys)
    }

    /// The latest confirmed or rejected event of order `id`.
    private func latestAnswer(ofOrder id: Int64) throws(OrderMailError) -> EventRecord? {
        try events(ofOrder: id).last { $0.type == .confirmed || $0.type == .rejected }
    }
}
