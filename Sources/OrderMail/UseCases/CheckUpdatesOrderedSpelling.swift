import OrderMailCompliance
import OrderMailCore

extension CheckUpdates {
    /// Runs the check with the ledger's whitelisting order for the system checked as the spelling
    /// ordered: the newest that is not discarded, in `environment` (any when nil), found by the
    /// system's HSA-id in any case. Without a ledger, or for a system whose id is not valid, none.
    public static func run(_ options: Options, ledger: Ledger?, environment: Environment?) throws(OrderMailError)
        -> Outcome
    {
        try run(options) { selected throws(OrderMailError) -> OrderedWhitelisting? in
            guard let ledger, let hsaID = try? HSAID(selected, policy: options.policy) else { return nil }
            return try ledger.latestWhitelisting(hsaID: hsaID, environment: environment, statuses: [], at: options.now)
                .map { OrderedWhitelisting(id: $0.id, environment: $0.environment, hsaID: $0.hsaID) }
        }
    }
}
