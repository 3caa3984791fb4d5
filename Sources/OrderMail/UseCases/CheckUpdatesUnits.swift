import OrderMailCompliance
import OrderMailCore

extension CheckUpdates.Options {
    /// Reads a unit list in bulk-tak's forms (`--units`) as the units the updates may address.
    public mutating func readUnits(from path: String) throws(OrderMailError) {
        let list = try UnitList.read(path: path, contracts: [], allowsNonstandardHSAID: policy == .engagementIndex)
        units = Set(list.units.map(\.hsaID.normalized))
        unitsLabel = "the --units list"
    }
}
