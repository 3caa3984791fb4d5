/// A whitelisting order, its message, and what the user should be warned about.
public struct WhitelistingComposition: Sendable {
    public var order: WhitelistingOrder
    public var addressing: Addressing
    public var message: ComposedMessage
    /// The QA order a production order follows, when the ledger has one.
    public var precedent: QAPrecedent?
    /// The passing compliance check a production order cites, when the ledger has one.
    public var complianceCheck: ComplianceCheckSummary?
    /// One-line warnings for stderr.
    public var warnings: [String]
}

/// Validates an order, looks up its QA precedent in the ledger, and renders its message: the
/// steps `compose` and `send` share, so both produce the same bytes for the same input.
public struct WhitelistingComposer {
    public var templatesDirectory: String
    public var environment: MessageEnvironment
    /// Compose a production order although the latest compliance check of its system failed.
    public var allowsFailedComplianceCheck = false

    public init(templatesDirectory: String, environment: MessageEnvironment, allowsFailedComplianceCheck: Bool = false) {
        self.templatesDirectory = templatesDirectory
        self.environment = environment
        self.allowsFailedComplianceCheck = allowsFailedComplianceCheck
    }

    /// Composes the order described by `request`; `ledger` may be nil when there is none yet.
    public func compose(
        _ request: WhitelistingOrderRequest, addressing: Addressing, ledger: Ledger?
    ) throws(OrderMailError) -> WhitelistingComposition {
        let order = try request.validated(today: environment.today)
        var warnings: [String] = []
        if order.sourceSystem.form == .nonstandard {
            warnings.append(
                "\(Quoted(order.sourceSystem.verbatim)) does not follow Inera's HSA-id rules; accepted only because of --allow-nonstandard-hsa-id")
        }
        if let earlier = try ledger?.latestWhitelisting(
            hsaID: order.sourceSystem, environment: order.environment, statuses: OrderLifecycle.precedents) {
            warnings.append(
                "order \(earlier.id) for \(earlier.hsaID) in \(order.environment.rawValue) is already \(earlier.status.rawValue) (\(earlier.statusAt)); send refuses a second one without --force")
        }
        var precedent: QAPrecedent?
        if order.environment == .production {
            precedent = try ledger?.latestWhitelisting(
                hsaID: order.sourceSystem, environment: .qa, statuses: OrderLifecycle.precedents
            ).map(QAPrecedent.init)
            if precedent == nil {
                warnings.append(
                    "the ledger has no QA order for \(order.sourceSystem.verbatim) that support received; a QA whitelisting normally comes first")
            }
        }
        var complianceCheck: ComplianceCheckSummary?
        if order.environment == .production {
            if let (id, check) = try ledger?.latestComplianceCheck(hsaID: order.sourceSystem) {
                if check.verdict == .pass {
                    complianceCheck = check
                    if check.ruleSetVersion < CheckUpdates.ruleSetVersion {
                        warnings.append(
                            "compliance check \(id) of \(order.sourceSystem.verbatim) ran under rule set \(check.ruleSetVersion); rule set \(CheckUpdates.ruleSetVersion) corrects rules it passed: run ordermail check-updates again")
                    }
                } else if allowsFailedComplianceCheck {
                    warnings.append("compliance check \(id) of \(order.sourceSystem.verbatim) found \(check.errors) errors; ordering anyway (--force)")
                } else {
                    throw .ledger(
                        "compliance check \(id) (\(DateFormats.timestamp(check.checkedAt))) found \(check.errors) errors in \(order.sourceSystem.verbatim)'s Update requests: fix the booking system and run ordermail check-updates again, or pass --force",
                        .data)
                }
            } else {
                warnings.append(
                    "the ledger has no compliance check of \(order.sourceSystem.verbatim)'s captured Update requests; ordermail check-updates gives the evidence --confirm-compliance states")
            }
        }
        let message = try order.message(
            addressing: addressing, templatesDirectory: templatesDirectory, environment: environment,
            precedent: precedent, complianceCheck: complianceCheck)
        return WhitelistingComposition(
            order: order, addressing: addressing, message: message, precedent: precedent, complianceCheck: complianceCheck,
            warnings: warnings)
    }
}
