import ArgumentParser
import OrderMail

/// The flags that name who orders (the region and its contact person); shared by the subcommands
/// that make an order by e-mail. Each falls back to the configuration.
struct OrderingPartyOptions: ParsableArguments {
    @Option(help: "The ordering region or county council.")
    var region: String?

    @Option(name: .customLong("region-hsa-id"), help: "The region's own HSA-id.")
    var regionHSAID: String?

    @Option(help: "The contact person at the region.")
    var contactName: String?

    @Option(help: "The contact person's e-mail address; the order is sent From it.")
    var contactEmail: String?

    @Option(help: "The contact person's telephone number.")
    var contactPhone: String?

    /// The flags given, by name.
    var given: [String] {
        let options: [(String, String?)] = [
            ("--region", region), ("--region-hsa-id", regionHSAID), ("--contact-name", contactName),
            ("--contact-email", contactEmail), ("--contact-phone", contactPhone),
        ]
        return options.compactMap { $0.1 == nil ? nil : $0.0 }
    }

    /// Sets the fields these flags give on `request`, each marked as given on the command line.
    func fill(_ request: inout some OrderContactFields) {
        request.region = region.map { SourcedValue($0) }
        request.regionHSAID = regionHSAID.map { SourcedValue($0) }
        request.contactName = contactName.map { SourcedValue($0) }
        request.contactEmail = contactEmail.map { SourcedValue($0) }
        request.contactPhone = contactPhone.map { SourcedValue($0) }
    }
}
