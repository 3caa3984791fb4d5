import OrderMailCore

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
        let (order, problems) = validation(today: today)
        if let first = problems.first { throw first }
        guard let order else { throw .invalidData("the order could not be validated") }
        return order
    }

    /// Validates every field and returns the order, or every problem, field by field (for a
    /// register, whose rows report all their problems at once).
    /// - Parameter placedOutside: the order was placed before (`record`): production needs no
    ///   `--confirm-compliance` then, since the order is taken as it was.
    public func validation(today: CalendarDate, placedOutside: Bool = false) -> (
        order: WhitelistingOrder?, problems: [OrderMailError]
    ) {
        var problems: [OrderMailError] = []
        func check<T>(_ body: () throws(OrderMailError) -> T) -> T? {
            do { return try body() } catch {
                problems.append(error)
                return nil
            }
        }
        let environment = check { () throws(OrderMailError) in
            try self.environment.required("environment") { text throws(FieldError) in try Environment(parsing: text) }
        }
        // With no valid environment, the HSA-id is not refused for being a test-catalogue id.
        let policy = HSAIDPolicy.sourceSystem(in: environment ?? .qa, allowingNonstandard: allowsNonstandardHSAID)
        let sourceSystem = check { () throws(OrderMailError) in
            try self.sourceSystem.required("hsa-id", hint: " (or --from-update-request FILE)") {
                text throws(FieldError) in
                try HSAID(text, policy: policy)
            }
        }
        let configurable = " (on the command line or in the configuration)"
        let systemName = check { () throws(OrderMailError) in
            try self.systemName.required("system-name") { text throws(FieldError) in
                try OrderText(text, field: "system-name")
            }
        }
        let region = check { () throws(OrderMailError) in
            try self.region.required("region", hint: configurable) { text throws(FieldError) in
                try OrderText(text, field: "region")
            }
        }
        let regionHSAID = check { () throws(OrderMailError) in
            try self.regionHSAID.validated { text throws(FieldError) in
                try HSAID(text, policy: .strict(allowTestCatalogue: environment != .production), field: "region-hsa-id")
            }
        }
        let contactName = check { () throws(OrderMailError) in
            try self.contactName.required("contact-name", hint: configurable) { text throws(FieldError) in
                try OrderText(text, field: "contact-name")
            }
        }
        let contactEmail = check { () throws(OrderMailError) in
            try self.contactEmail.required("contact-email", hint: configurable) { text throws(FieldError) in
                try EmailAddress(text, field: "contact-email")
            }
        }
        let phone = check { () throws(OrderMailError) in
            try self.contactPhone.validated { text throws(FieldError) in try PhoneNumber(text) }
        }
        let reference = check { () throws(OrderMailError) in
            try self.reference.validated { text throws(FieldError) in try OrderText(text, field: "reference") }
        }
        let vendor = check { () throws(OrderMailError) in
            try self.vendor.validated { text throws(FieldError) in try OrderText(text, field: "vendor") }
        }
        let requestedDate = check { () throws(OrderMailError) in
            try self.requestedDate.validated { text throws(FieldError) in
                let date = try CalendarDate(parsing: text, field: "requested-date")
                guard date >= today else {
                    throw FieldError(field: "requested-date", rule: "\(text) is in the past (today is \(today))")
                }
                return date
            }
        }
        if environment == .production, !complianceConfirmed, !placedOutside {
            problems.append(
                .invalidField(
                    FieldError(field: "confirm-compliance", rule: WhitelistingOrder.complianceRule),
                    source: self.environment?.source ?? .commandLine))
        }
        guard problems.isEmpty, let environment, let sourceSystem, let systemName, let region, let contactName,
            let contactEmail,
            let regionHSAID, let phone, let reference, let vendor, let requestedDate
        else { return (nil, problems) }
        let order = WhitelistingOrder(
            environment: environment, sourceSystem: sourceSystem, systemName: systemName, region: region,
            regionHSAID: regionHSAID, contact: Contact(name: contactName, email: contactEmail, phone: phone),
            reference: reference, vendor: vendor, complianceConfirmed: complianceConfirmed,
            requestedDate: requestedDate,
            language: language)
        return (order, [])
    }
}
