/// ordermail's version, as `--version` prints it and the ledger records it.
public enum OrderMailVersion {
    public static let current = "0.3.0"
}
