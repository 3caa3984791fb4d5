import OrderMailCompliance
import OrderMailCore

extension WhitelistingOrder {
    /// Renders the order's e-mail from the templates in `templatesDirectory`.
    ///
    /// Two calls with the same order, addressing and templates give bytes that differ only in
    /// `Date:` and `Message-ID:`, and not even there when `environment` is pinned.
    public func message(
        addressing: Addressing, templatesDirectory: String, environment: MessageEnvironment,
        precedent: QAPrecedent? = nil, complianceCheck: ComplianceCheckSummary? = nil
    ) throws(OrderMailError) -> ComposedMessage {
        let template = try OrderTemplate(
            named: Self.templateName, language: language, in: templatesDirectory, vocabulary: Self.templateVocabulary)
        let text = try template.render(templateContext(precedent: precedent, complianceCheck: complianceCheck))
        let messageID = "\(environment.makeMessageIDLocalPart())@\(contact.email.domain)"
        let date = environment.dateHeaderValue
        let builder = MessageBuilder(
            from: (contact.name.value, contact.email), addressing: addressing, subject: text.subject, body: text.body,
            date: date, messageID: messageID)
        return ComposedMessage(text: text, messageID: messageID, date: date, wireForm: builder.wireForm)
    }
}
