extension WhitelistingOrder {
    /// The template files' base name.
    static let templateName = "whitelisting"

    /// Every name a whitelisting template may use; optional ones are absent when not given.
    static let templateVocabulary: Set<String> = [
        "environment", "isProduction", "sourceSystem", "sourceSystemIsHSAID", "systemName", "region",
        "regionHSAID", "contactName", "contactEmail", "contactPhone", "reference", "vendor",
        "requestedDate", "complianceConfirmed", "qaOrderDate", "qaOrderMessageID",
    ]

    /// The values the templates see; `precedent` is the QA order a production order follows.
    func templateContext(precedent: QAPrecedent? = nil) -> [String: Any] {
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
