import Foundation

/// The head of the hash chain in a form to paste into a ticket or a wiki page, and back.
///
/// The chain has no key, so whoever can write the ledger can rewrite it and recompute every hash;
/// a head noted somewhere the writer cannot change is what catches that.
public enum LedgerAnchor {
    /// `ordermail-ledger-head <hash> events=<n> ledger=<path> at=<UTC>`.
    public static func line(head: String, events: Int, path: String, at date: Date) -> String {
        "ordermail-ledger-head \(head) events=\(events) ledger=\(path) at=\(DateFormats.timestamp(date))"
    }

    /// The hash in an anchor line, or the text itself when it is a bare hash.
    public static func hash(in text: String) -> String {
        let words = text.split(separator: " ")
        if words.first == "ordermail-ledger-head", words.count > 1 { return String(words[1]) }
        return text.trimmingWhitespace
    }
}
