import Foundation
import OrderMailCore

/// A whitelisting order ready to print, record or send: the configuration (flags over file) and
/// its defaults, the templates, the message environment, the composed message and its warnings.
///
/// `compose` and `send` both start here, and so can another package: the same request, settings
/// and templates give the same bytes as the command line (apart from `Date:` and `Message-ID:`,
/// which come from ``environment``).
public struct PreparedOrder {
    /// The settings in force: the file's, overridden by the caller's (flags).
    public var configuration: Configuration
    public var composition: WhitelistingComposition
    /// The clock, time zone and Message-ID generator the message was made with.
    public var environment: MessageEnvironment
    /// The ledger, when it existed already.
    public var existingLedger: Ledger?

    /// Merges the settings, fills `request`'s defaults from them, locates the templates, validates
    /// and renders the order (looking up its QA precedent and compliance check in the ledger, when
    /// there is one), and collects the warnings in `composition.warnings` for the caller to show.
    ///
    /// - Parameters:
    ///   - configuration: the configuration file's settings.
    ///   - overrides: settings given some other way (flags), each winning over the file's.
    ///   - templates: the templates folder the user named, if any; else the environment's
    ///     `ORDERMAIL_TEMPLATES`, then the folder beside `executablePath`, then the source tree's.
    ///   - ledger: opens the ledger the merged settings name, nil when there is none yet.
    ///   - despiteFailedCheck: the failing compliance check the user overrides for a production
    ///     order (`--despite-failed-check`); it must be the system's latest check, and is recorded.
    public init(
        _ request: WhitelistingOrderRequest, configuration: Configuration, overrides: [Configuration] = [],
        templates: String?, processEnvironment: [String: String], executablePath: String?,
        environment: MessageEnvironment = .system(), ledger: (Configuration) throws(OrderMailError) -> Ledger?,
        despiteFailedCheck: Int64? = nil
    ) throws(OrderMailError) {
        let merged = configuration.overridden(by: overrides)
        self.configuration = merged
        existingLedger = try ledger(merged)
        var request = request
        merged.fillDefaults(of: &request)
        let templatesDirectory = try TemplateLocator.locate(
            explicit: templates, environment: processEnvironment, executablePath: executablePath)
        self.environment = environment
        composition = try WhitelistingComposer(
            templatesDirectory: templatesDirectory, environment: environment, despiteFailedCheck: despiteFailedCheck
        )
        .compose(request, addressing: merged.addressing(), ledger: existingLedger)
        if let warning = merged.regionDomainWarning(for: composition.order.contact.email) {
            composition.warnings.append(warning)
        }
    }

    /// The order as the ledger stores it.
    public var newOrder: NewOrder {
        .whitelisting(composition)
    }

    /// The envelope sender: the technical sender when there is one, else the contact.
    public var envelopeSender: EmailAddress { composition.addressing.sender ?? composition.order.contact.email }

    /// Records the order as a draft and, in the same transaction, hands its id to `deliver`; see
    /// ``Ledger/recordDraft(_:at:deliver:)``.
    public func recordDraft(in ledger: Ledger, deliver: (Int64) throws(OrderMailError) -> Void) throws(OrderMailError)
        -> Int64
    {
        try ledger.recordDraft(newOrder, at: environment.now, deliver: deliver)
    }
}
