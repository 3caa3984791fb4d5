import Foundation
import OrderMailCore

/// A validated order to 1177's support to activate care units for web booking in QA (in
/// production the region's own 1177 administration activates them, which `record` takes).
public struct ActivationOrder: Equatable, Sendable {
    /// QA: the only environment support activates units in by e-mail.
    public var environment: Environment
    /// The units to activate, in the order of the list; never empty.
    public var units: [ActivationUnit]
    /// The ordering region or county council.
    public var region: OrderText
    /// The region's own HSA-id, when given.
    public var regionHSAID: HSAID?
    /// Who orders and answers questions.
    public var contact: Contact
    /// The region's own case number.
    public var reference: OrderText?
    /// The language of the order's text.
    public var language: Language
    /// Whether the list goes with the message as a CSV file too.
    public var attachesCSV: Bool
}

/// The raw fields of an activation order as a user gave them, before validation; the units are
/// read and checked on their own (``ActivationUnitList``).
public struct ActivationOrderRequest: OrderContactFields, Equatable, Sendable {
    public var environment: SourcedValue?
    public var region: SourcedValue?
    public var regionHSAID: SourcedValue?
    public var contactName: SourcedValue?
    public var contactEmail: SourcedValue?
    public var contactPhone: SourcedValue?
    public var reference: SourcedValue?
    public var language: Language = .sv
    /// `--attach-csv` was given.
    public var attachesCSV = false

    public init() {}

    /// The environment the request names; production is refused: the region's 1177
    /// administration activates units there, and `record --activation` takes what it did.
    public func validatedEnvironment() throws(OrderMailError) -> Environment {
        let environment = try environment.required("environment") { text throws(FieldError) in
            try Environment(parsing: text)
        }
        guard environment == .qa else {
            throw .invalidField(
                FieldError(
                    field: "environment",
                    rule:
                        "must be qa: in production the region's own 1177 administration activates units; record what it did with ordermail record --activation"
                ),
                source: self.environment?.source ?? .commandLine)
        }
        return environment
    }

    /// Validates every field and returns the order for `units`, or throws the first error with the
    /// field and rule it broke.
    public func validated(units: [ActivationUnit]) throws(OrderMailError) -> ActivationOrder {
        let environment = try validatedEnvironment()
        let configurable = " (on the command line or in the configuration)"
        return ActivationOrder(
            environment: environment,
            units: units,
            region: try region.required("region", hint: configurable) { text throws(FieldError) in
                try OrderText(text, field: "region")
            },
            regionHSAID: try regionHSAID.validated { text throws(FieldError) in
                try HSAID(text, policy: .strict(allowTestCatalogue: true), field: "region-hsa-id")
            },
            contact: Contact(
                name: try contactName.required("contact-name", hint: configurable) { text throws(FieldError) in
                    try OrderText(text, field: "contact-name")
                },
                email: try contactEmail.required("contact-email", hint: configurable) { text throws(FieldError) in
                    try EmailAddress(text, field: "contact-email")
                },
                phone: try contactPhone.validated { text throws(FieldError) in try PhoneNumber(text) }),
            reference: try reference.validated { text throws(FieldError) in try OrderText(text, field: "reference") },
            language: language,
            attachesCSV: attachesCSV)
    }
}

/// The fields of an order that the configuration may fill in: who orders, for which region.
public protocol OrderContactFields {
    var region: SourcedValue? { get set }
    var regionHSAID: SourcedValue? { get set }
    var contactName: SourcedValue? { get set }
    var contactEmail: SourcedValue? { get set }
    var contactPhone: SourcedValue? { get set }
}

extension WhitelistingOrderRequest: OrderContactFields {}
