/// The raw fields of a whitelisting order as a user gave them, before validation.
public struct WhitelistingOrderRequest: Equatable, Sendable {
    public var environment: SourcedValue?
    public var sourceSystem: SourcedValue?
    public var systemName: SourcedValue?
    public var region: SourcedValue?
    public var regionHSAID: SourcedValue?
    public var contactName: SourcedValue?
    public var contactEmail: SourcedValue?
    public var contactPhone: SourcedValue?
    public var reference: SourcedValue?
    public var vendor: SourcedValue?
    public var requestedDate: SourcedValue?
    /// `--confirm-compliance` was given.
    public var complianceConfirmed = false
    /// `--allow-nonstandard-hsa-id` was given.
    public var allowsNonstandardHSAID = false
    public var language: Language = .sv

    public init() {}

    /// Validates every field and returns the order, or throws the first error with the field and rule it broke.
    /// - Parameter today: the local date, which a requested date may not precede.
    public func validated(today: CalendarDate) throws(OrderMailError) -> WhitelistingOrder {
        let environment = try environment.required("environment") { text throws(FieldError) in
            try Environment(parsing: text)
        }
        let policy = HSAIDPolicy.sourceSystem(in: environment, allowingNonstandard: allowsNonstandardHSAID)
        let sourceSystem = try sourceSystem.required("hsa-id", hint: " (or --from-update-request FILE)") {
            text throws(FieldError) in try HSAID(text, policy: policy)
        }
        let configurable = " (on the command line or in the configuration)"
        let order = WhitelistingOrder(
            environment: environment,
            sourceSystem: sourceSystem,
            systemName: try systemName.required("system-name") { text throws(FieldError) in
                try OrderText(text, field: "system-name")
            },
            region: try region.required("region", hint: configurable) { text throws(FieldError) in
                try OrderText(text, field: "region")
            },
            regionHSAID: try regionHSAID.validated { text throws(FieldError) in
                try HSAID(text, policy: .strict(allowTestCatalogue: environment == .qa), field: "region-hsa-id")
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
            vendor: try vendor.validated { text throws(FieldError) in try OrderText(text, field: "vendor") },
            complianceConfirmed: complianceConfirmed,
            requestedDate: try requestedDate.validated { text throws(FieldError) in
                let date = try CalendarDate(parsing: text, field: "requested-date")
                guard date >= today else {
                    throw FieldError(field: "requested-date", rule: "\(text) is in the past (today is \(today))")
                }
                return date
            },
            language: language)
        if environment == .production, !complianceConfirmed {
            throw .invalidField(
                FieldError(field: "confirm-compliance", rule: WhitelistingOrder.complianceRule), source: self.environment?.source ?? .commandLine)
        }
        return order
    }
}
