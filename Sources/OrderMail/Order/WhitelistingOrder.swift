import OrderMailCore

/// A validated order to 1177's national support to whitelist a booking system, so that its
/// Engagemangsindex updates create inbox messages in 1177 Vårdguidens e-tjänster.
public struct WhitelistingOrder: Equatable, Encodable, Sendable {
    /// QA or production.
    public var environment: Environment
    /// The booking system's HSA-id, exactly as it sends it in `sourceSystem` of `Update`.
    public var sourceSystem: HSAID
    /// The booking system's name.
    public var systemName: OrderText
    /// The ordering region or county council.
    public var region: OrderText
    /// The region's own HSA-id, when given.
    public var regionHSAID: HSAID?
    /// Who orders and answers questions.
    public var contact: Contact
    /// The region's own case number.
    public var reference: OrderText?
    /// The booking system's supplier.
    public var vendor: OrderText?
    /// The region has made sure the system follows the Tidbokning domain's rules for updating Engagemangsindex.
    public var complianceConfirmed: Bool
    /// When the whitelisting should take effect.
    public var requestedDate: CalendarDate?
    /// The language of the order's text.
    public var language: Language

    /// The wording that production orders must carry, and the reason for it.
    public static let complianceRule =
        "is required for a production order: the region must first make sure the booking system follows the Tidbokning domain's rules for updating Engagemangsindex, because wrong updates put wrong messages in patients' inboxes"
}
