extension Int {
    /// The count and an English noun, plural unless the count is 1: `1 unit`, `2 units`.
    public func counted(_ noun: String) -> String { "\(self) \(noun)\(self == 1 ? "" : "s")" }
}
