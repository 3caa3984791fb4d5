import OrderMailCore

/// An activation order, its message, and what the user should know.
public struct ActivationComposition: Sendable {
    public var order: ActivationOrder
    public var addressing: Addressing
    public var message: ComposedMessage
    /// Units of the list left out because the ledger has them activated, or with support, in the
    /// same environment: each with that order.
    public var leftOut: [(unit: ActivationUnit, earlier: UnitActivation)]
    /// One-line notes for stderr.
    public var notes: [String]

    /// The order as the ledger stores it.
    public var newOrder: NewOrder { .activation(order, message: message, addressing: addressing) }
}

/// Validates an activation order, leaves out the units the ledger already has activated (or with
/// support), and renders its message: the steps `activate` and `activate --send` share.
public struct ActivationComposer {
    public var templatesDirectory: String
    public var environment: MessageEnvironment

    public init(templatesDirectory: String, environment: MessageEnvironment) {
        self.templatesDirectory = templatesDirectory
        self.environment = environment
    }

    /// Composes the order for `list`; `ledger` may be nil when there is none yet. An order left
    /// with no unit is refused.
    public func compose(
        _ request: ActivationOrderRequest, list: ActivationUnitList, addressing: Addressing, ledger: Ledger?
    ) throws(OrderMailError) -> ActivationComposition {
        let orderEnvironment = try request.validatedEnvironment()
        let activations = try ledger?.unitActivations(environment: orderEnvironment, at: environment.now) ?? [:]
        var units: [ActivationUnit] = []
        var leftOut: [(unit: ActivationUnit, earlier: UnitActivation)] = []
        for unit in list.units {
            if let earlier = Ledger.standingActivation(
                of: unit.hsaID.normalized, in: activations, environment: orderEnvironment)
            {
                leftOut.append((unit, earlier))
            } else {
                units.append(unit)
            }
        }
        let notes = leftOut.map { unit, earlier in
            "left out \(unit.hsaID.verbatim) (line \(unit.line)): \(earlier.state == .activated ? "activated" : "with support") in \(orderEnvironment.rawValue) by \(earlier.description)"
        }
        guard !units.isEmpty else {
            throw .ledger(
                "activate: every unit of the list is activated or with support in \(orderEnvironment.rawValue) already (\(notes.count.counted("unit"))); there is nothing to order",
                .data)
        }
        let order = try request.validated(units: units)
        let message = try order.message(
            addressing: addressing, templatesDirectory: templatesDirectory, environment: environment)
        return ActivationComposition(
            order: order, addressing: addressing, message: message, leftOut: leftOut, notes: notes)
    }
}
