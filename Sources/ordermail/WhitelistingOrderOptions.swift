import ArgumentParser
import OrderMail

/// The flags that describe a whitelisting order; shared by the subcommands that make one.
struct WhitelistingOrderOptions: ParsableArguments {
    @Option(help: "The 1177 environment: qa or production (also prod, produktion).")
    var environment: String?

    @Option(
        name: .customLong("hsa-id"),
        help: "The booking system's HSA-id, exactly as it sends it in sourceSystem of Engagemangsindex Update.")
    var hsaID: String?

    @Option(
        help: ArgumentHelp(
            "Read the HSA-id from a captured Update request in any shape check-updates reads; with several systems in it, --hsa-id names the one.",
            valueName: "file"))
    var fromUpdateRequest: String?

    @Flag(
        name: .customLong("allow-nonstandard-hsa-id"),
        help: "Accept an id that only meets Engagemangsindex's rule (1-64 printable ASCII, no white space).")
    var allowNonstandardHSAID = false

    @Option(help: "The booking system's name (1-100 characters).")
    var systemName: String?

    @OptionGroup var party: OrderingPartyOptions

    @Option(help: "The region's own case number.")
    var reference: String?

    @Option(help: "The booking system's supplier.")
    var vendor: String?

    @Flag(
        help:
            "State that the region has made sure the system follows the Tidbokning domain's rules for updating Engagemangsindex (required for production)."
    )
    var confirmCompliance = false

    @Option(
        help: ArgumentHelp("When the whitelisting should take effect (it must match go-live).", valueName: "yyyy-mm-dd")
    )
    var requestedDate: String?

    @Option(help: "The language of the order's text (default: sv).")
    var language: Language?

    func validate() throws {
    }

    /// The order flags given, by name: a stored order refuses them.
    var given: [String] {
        let options: [(String, Any?)] = [
            ("--environment", environment), ("--hsa-id", hsaID), ("--from-update-request", fromUpdateRequest),
            ("--system-name", systemName), ("--reference", reference), ("--vendor", vendor),
            ("--requested-date", requestedDate), ("--language", language),
        ]
        return options.compactMap { $0.1 == nil ? nil : $0.0 } + party.given
            + (confirmCompliance ? ["--confirm-compliance"] : [])
            + (allowNonstandardHSAID ? ["--allow-nonstandard-hsa-id"] : [])
    }

    /// The raw order, with the HSA-id read from the captured request when one was named.
    func request() throws(OrderMailError) -> WhitelistingOrderRequest {
        var request = WhitelistingOrderRequest()
        request.environment = environment.map { SourcedValue($0) }
        if let fromUpdateRequest {
            request.sourceSystem = try UpdateRequestReader.sourceSystem(inFileAt: fromUpdateRequest, selecting: hsaID)
        } else {
            request.sourceSystem = hsaID.map { SourcedValue($0) }
        }
        request.systemName = systemName.map { SourcedValue($0) }
        party.fill(&request)
        request.reference = reference.map { SourcedValue($0) }
        request.vendor = vendor.map { SourcedValue($0) }
        request.requestedDate = requestedDate.map { SourcedValue($0) }
        request.complianceConfirmed = confirmCompliance
        request.allowsNonstandardHSAID = allowNonstandardHSAID
        request.language = language ?? .sv
        return request
    }
}

extension Language: ExpressibleByArgument {}
