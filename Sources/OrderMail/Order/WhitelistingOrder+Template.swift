import OrderMailCompliance
import OrderMailCore

extension WhitelistingOrder {
    /// The template files' base name.
    static let templateName = "whitelisting"

    /// Every name a whitelisting template may use; optional ones are absent when not given.
    static let templateVocabulary: Set<String> = [
        "environment", "isProduction", "sourceSystem", "sourceSystemIsHSAID", "systemName", "region",
        "regionHSAID", "contactName", "contactEmail", "contactPhone", "reference", "vendor",
        "requestedDate", "complianceConfirmed", "qaOrderDate", "qaOrderMessageID", "qaCaseNumber", "qaEffectiveDate",
        "complianceCheckDate",
        "complianceCheckRuleSet", "complianceCheckRequests", "complianceCheckEngagements", "complianceCheckWarnings",
    ]

    /// The values the templates see; `precedent` is the QA order a production order follows, and
    /// `complianceCheck` the passing check of the system's captured requests it cites.
    func templateContext(precedent: QAPrecedent? = nil, complianceCheck: ComplianceCheckSummary? = nil) -> [String: Any]
    {
        var context: [String: Any] = [
            "environment": environmentName,
            "isProduction": environment == .production,
            "sourceSystem": sourceSystem.verbatim,
            "sourceSystemIsHSAID": sourceSystem.form != .nonstandard,
            "systemName": systemName.value,
            "region": region.value,
            "contactName": contact.name.value,
            "contactEmail": contact.email.address,
            "complianceConfirmed": complianceConfirmed,
        ]
        context["regionHSAID"] = regionHSAID?.verbatim
        context["contactPhone"] = contact.phone?.value
        context["reference"] = reference?.value
        context["vendor"] = vendor?.value
        context["requestedDate"] = requestedDate?.description
        context["qaOrderDate"] = precedent?.date
        context["qaOrderMessageID"] = precedent.flatMap { $0.messageID.isEmpty ? nil : "<\($0.messageID)>" }
        context["qaCaseNumber"] = precedent?.caseNumber
        context["qaEffectiveDate"] = precedent?.caseNumber == nil ? nil : precedent?.effectiveDate
        if let complianceCheck {
            context["complianceCheckDate"] = CalendarDate(complianceCheck.checkedAt, in: DateFormats.utc).description
            context["complianceCheckRuleSet"] =
                "\(complianceCheck.ruleSet) (ordermail check-updates, rule set version \(complianceCheck.ruleSetVersion))"
            context["complianceCheckRequests"] = String(complianceCheck.requests)
            context["complianceCheckEngagements"] = String(complianceCheck.engagements)
            context["complianceCheckWarnings"] = String(complianceCheck.warnings)
        }
        return context
    }

    /// The environment's name in the order's language.
    var environmentName: String {
        switch (environment, language) {
        case (.qa, _): "QA"
        case (.production, .sv): "Produktion"
        case (.production, .en): "Production"
        }
    }
}
