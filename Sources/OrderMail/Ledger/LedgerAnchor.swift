import Foundation
import OrderMailCore

/// The head of the hash chain in a form to paste into a ticket or a wiki page, and back.
///
/// The chain has no key, so whoever can write the ledger can rewrite it and recompute every hash;
/// a head noted somewhere the writer cannot change is what catches that.
public enum LedgerAnchor {
    /// `ordermail-ledger-head <hash> events=<n> ledger=<path> at=<UTC>`.
    public static func line(head: String, events: Int, path: String, at date: Date) -> String {
        "ordermail-ledger-head \(head) events=\(events) ledger=\(path) at=\(DateFormats.timestamp(date))"
    }

    /// The hash in an anchor line (as `verify` prints it, `anchor: ` and all) or a bare hash, in
    /// lower case; nil when it is not 64 hex digits.
    public static func hash(in text: String) -> String? {
        var words = text.split(separator: " ").map(String.init)
        if words.first == "anchor:" { words.removeFirst() }
        if words.first == "ordermail-ledger-head" { words.removeFirst() }
        guard let hash = words.first?.lowercased(), hash.count == 64, hash.allSatisfy(\.isHexDigit) else { return nil }
        return hash
    }
}
