import OrderMailCompliance
import OrderMailCore

/// A whitelisting order, its message, and what the user should be warned about.
public struct WhitelistingComposition: Sendable {
    public var order: WhitelistingOrder
    public var addressing: Addressing
    public var message: ComposedMessage
    /// The QA order a production order follows, when the ledger has one.
    public var precedent: QAPrecedent?
    /// The passing compliance check a production order cites, when the ledger has one.
    public var complianceCheck: ComplianceCheckSummary?
    /// The failing compliance check the order is composed despite (`--despite-failed-check`).
    public var overriddenCheck: Int64?
    /// One-line warnings for stderr.
    public var warnings: [String]
}

/// Validates an order, looks up its QA precedent in the ledger, and renders its message: the
/// steps `compose` and `send` share, so both produce the same bytes for the same input.
public struct WhitelistingComposer {
    public var templatesDirectory: String
    public var environment: MessageEnvironment
    /// Compose a production order although the latest compliance check of its system, this one,
    /// failed (`--despite-failed-check`); recorded with the order.
    public var despiteFailedCheck: Int64?

    public init(templatesDirectory: String, environment: MessageEnvironment, despiteFailedCheck: Int64? = nil) {
        self.templatesDirectory = templatesDirectory
        self.environment = environment
        self.despiteFailedCheck = despiteFailedCheck
    }

    /// Composes the order described by `request`; `ledger` may be nil when there is none yet.
    public func compose(
        _ request: WhitelistingOrderRequest, addressing: Addressing, ledger: Ledger?
    ) throws(OrderMailError) -> WhitelistingComposition {
        let order = try request.validated(today: environment.today)
        var warnings: [String] = []
        if order.sourceSystem.form == .nonstandard {
            warnings.append(
                "\(Quoted(order.sourceSystem.verbatim)) does not follow Inera's HSA-id rules; accepted only because of --allow-nonstandard-hsa-id"
            )
        }
        if let earlier = try ledger?.latestWhitelisting(
            hsaID: order.sourceSystem, environment: order.environment, statuses: OrderLifecycle.precedents)
        {
            warnings.append(
                "order \(earlier.id) for \(earlier.hsaID) in \(order.environment.rawValue) is already \(earlier.status.rawValue) (\(earlier.statusAt)); send refuses a second one without --force"
            )
        }
        var precedent: QAPrecedent?
        if order.environment == .production {
            if let ledger,
                let qa = try ledger.latestWhitelisting(
                    hsaID: order.sourceSystem, environment: .qa, statuses: OrderLifecycle.precedents)
            {
                let confirmation =
                    qa.status == .confirmed ? try ledger.events(ofOrder: qa.id).last { $0.type == .confirmed } : nil
                precedent = QAPrecedent(qa, confirmation: confirmation)
            }
            if precedent == nil {
                warnings.append(
                    "the ledger has no QA order for \(order.sourceSystem.verbatim) that support received; a QA whitelisting normally comes first"
                )
            }
        }
        var complianceCheck: ComplianceCheckSummary?
        var overriddenCheck: Int64?
        if order.environment == .production {
            let latest = try ledger?.latestComplianceCheck(hsaID: order.sourceSystem)
            if let latest, latest.verdict == .pass {
                complianceCheck = latest.summary
                if latest.ruleSetVersion < CheckUpdates.ruleSetVersion {
                    warnings.append(
                        "compliance check \(latest.id) of \(order.sourceSystem.verbatim) ran under rule set \(latest.ruleSetVersion); rule set \(CheckUpdates.ruleSetVersion) corrects rules it passed: run ordermail check-updates again"
                    )
                }
            } else if let latest {
                guard let despiteFailedCheck else {
                    throw .ledger(
                        "compliance check \(latest.id) (\(latest.checkedAt)) found \(latest.errors) errors in \(order.sourceSystem.verbatim)'s Update requests: fix the booking system and run ordermail check-updates again, withdraw the check if it was run on the wrong capture (ordermail checks withdraw \(latest.id) --note WHY), or pass --despite-failed-check \(latest.id)",
                        .data)
                }
                guard despiteFailedCheck == latest.id else {
                    throw .invalidField(
                        FieldError(
                            field: "despite-failed-check",
                            rule:
                                "\(despiteFailedCheck) is not the latest compliance check of \(order.sourceSystem.verbatim); that is check \(latest.id), which failed"
                        ),
                        source: .commandLine)
                }
                overriddenCheck = latest.id
                warnings.append(
                    "compliance check \(latest.id) of \(order.sourceSystem.verbatim) found \(latest.errors) errors; ordering anyway (--despite-failed-check \(latest.id), recorded with the order)"
                )
            } else {
                warnings.append(
                    "the ledger has no compliance check of \(order.sourceSystem.verbatim)'s captured Update requests; ordermail check-updates gives the evidence --confirm-compliance states"
                )
            }
        }
        if let despiteFailedCheck, overriddenCheck == nil {
            throw .invalidField(
                FieldError(
                    field: "despite-failed-check",
                    rule:
                        "check \(despiteFailedCheck) does not stop this order: it goes only with a production order whose latest compliance check failed"
                ),
                source: .commandLine)
        }
        let message = try order.message(
            addressing: addressing, templatesDirectory: templatesDirectory, environment: environment,
            precedent: precedent, complianceCheck: complianceCheck)
        return WhitelistingComposition(
            order: order, addressing: addressing, message: message, precedent: precedent,
            complianceCheck: complianceCheck,
            overriddenCheck: overriddenCheck, warnings: warnings)
    }
}
