import ArgumentParser
import Foundation
import OrderMail

extension UnitRegister.Format: ExpressibleByArgument {}

/// `ordermail units`: one view of every care unit: activated in QA and production, routed in TAK,
/// addressed by the booking system's updates.
struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract:
            "Show, per care unit, its activation in QA and production, its TAK orders and whether updates address it.",
        discussion: """
            A unit's bookings reach patients only when it is activated in 1177 (QA by an activation \
            order, production by the region's 1177 administration), routed in TAK for the Tidbokning \
            contracts, and addressed by the booking system's Update requests (logicalAddress). This \
            view puts the ledger's three lists side by side, per unit, and names what is missing with \
            the next step. The third list is the logicalAddress values recorded with the newest \
            compliance check (check-updates, not withdrawn; of --source-system when given), or with \
            --captures the captured requests' values (nothing else of them is shown); the view says \
            which. csv and json are for the region's register.
            """)

    @Argument(
        help: ArgumentHelp(
            "Only these units (default: every unit the ledger or the capture knows).", valueName: "hsa-id"))
    var hsaIDs: [String] = []

    @Option(
        help: ArgumentHelp(
            "Captured Update requests (files or folders, as check-updates reads them).", valueName: "folder"))
    var captures: [String] = []

    @Option(
        name: .customLong("source-system"),
        help: ArgumentHelp(
            "The booking system whose updates count: when the capture holds several, or whose newest compliance check to use.",
            valueName: "hsa-id"))
    var sourceSystem: String?

    @Option(help: "text, csv (;-separated, UTF-8 with BOM) or json.")
    var format: UnitRegister.Format = .text

    @OptionGroup var common: CommonOptions

    func run() throws {
        let ledger = try common.openExistingLedger()
        var captured: Set<String>?
        let mask = PersonalDataMask.random()
        if !captures.isEmpty {
            let options = CheckUpdates.Options(
                inputs: captures, sourceSystem: sourceSystem, policy: .engagementIndex, mask: mask)
            captured = try CheckUpdates.run(options).logicalAddresses
        }
        let register = try UnitRegister.build(
            ledger: ledger, only: hsaIDs, captured: captured, sourceSystem: sourceSystem)
        Console.write(register.rendered(format, mask: mask))
    }
}
