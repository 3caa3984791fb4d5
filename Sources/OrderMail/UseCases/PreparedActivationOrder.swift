import Foundation
import OrderMailCore

/// An activation order ready to print, record or send: the configuration (flags over file) and its
/// defaults, the unit list, the templates, the message environment, the composed message and its
/// notes and warnings. `activate` starts here, and so can another package.
public struct PreparedActivationOrder {
    /// The settings in force: the file's, overridden by the caller's (flags).
    public var configuration: Configuration
    public var composition: ActivationComposition
    /// The clock, time zone and Message-ID generator the message was made with.
    public var environment: MessageEnvironment
    /// The ledger, when it existed already.
    public var existingLedger: Ledger?
    /// One-line warnings for the user (today: a contact outside the region's domains).
    public var warnings: [String] = []

    /// Merges the settings, fills `request`'s defaults from them, reads and validates the unit list
    /// at `unitsPath`, locates the templates and composes the order, leaving out the units the ledger
    /// has activated or with support.
    ///
    /// - Parameters:
    ///   - configuration: the configuration file's settings.
    ///   - overrides: settings given some other way (flags), each winning over the file's.
    ///   - templates: the templates folder the user named, if any; else the environment's
    ///     `ORDERMAIL_TEMPLATES`, then the folder beside `executablePath`, then the source tree's.
    ///   - ledger: opens the ledger the merged settings name, nil when there is none yet.
    public init(
        _ request: ActivationOrderRequest, unitsPath: String, configuration: Configuration,
        overrides: [Configuration] = [],
        templates: String?, processEnvironment: [String: String], executablePath: String?,
        environment: MessageEnvironment = .system(), ledger: (Configuration) throws(OrderMailError) -> Ledger?
    ) throws(OrderMailError) {
        let merged = configuration.overridden(by: overrides)
        self.configuration = merged
        var request = request
        merged.fillDefaults(of: &request)
        let list = try ActivationUnitList.read(path: unitsPath, environment: try request.validatedEnvironment())
        let templatesDirectory = try TemplateLocator.locate(
            explicit: templates, environment: processEnvironment, executablePath: executablePath)
        self.environment = environment
        existingLedger = try ledger(merged)
        composition = try ActivationComposer(templatesDirectory: templatesDirectory, environment: environment)
            .compose(request, list: list, addressing: merged.addressing(), ledger: existingLedger)
        if let warning = merged.regionDomainWarning(for: composition.order.contact.email) { warnings.append(warning) }
    }

    /// The envelope sender: the technical sender when there is one, else the contact.
    public var envelopeSender: EmailAddress { composition.addressing.sender ?? composition.order.contact.email }

    /// Records the order as a draft and, in the same transaction, hands its id to `deliver`; see
    /// ``Ledger/recordDraft(_:at:deliver:)``.
    public func recordDraft(in ledger: Ledger, deliver: (Int64) throws(OrderMailError) -> Void) throws(OrderMailError)
        -> Int64
    {
        try ledger.recordDraft(composition.newOrder, at: environment.now, deliver: deliver)
    }
}
