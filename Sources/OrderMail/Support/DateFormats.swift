import Foundation

/// The fixed date and time forms ordermail writes, all through Foundation's Gregorian calendar with
/// the POSIX locale, so that `LANG` cannot change them.
public enum DateFormats {
    /// Coordinated Universal Time.
    public static let utc = TimeZone.gmt

    /// An RFC 5322 `Date:` value: `Sat, 21 Nov 2026 14:03:00 +0100`.
    public static func rfc5322(_ date: Date, in zone: TimeZone) -> String {
        formatter("EEE, dd MMM yyyy HH:mm:ss Z", zone).string(from: date)
    }

    /// Reads a received `Date:` value (`Tue, 1 Dec 2026 09:12:44 +0100`, the weekday optional, a
    /// trailing comment such as `(CET)` ignored); nil when it is not one.
    public static func date(fromRFC5322 value: String) -> Date? {
        var text = value.trimmingCharacters(in: .whitespaces)
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]).trimmingCharacters(in: .whitespaces) }
        if let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]).trimmingCharacters(in: .whitespaces) }
        text = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        for format in ["d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm Z", "d MMM yy HH:mm:ss Z"] {
            if let date = formatter(format, utc).date(from: text) { return date }
        }
        return nil
    }

    /// A moment as the ledger keeps it: UTC, `2026-11-21T13:03:00Z`.
    public static func timestamp(_ date: Date) -> String {
        formatter("yyyy-MM-dd'T'HH:mm:ss'Z'", utc).string(from: date)
    }

    /// Reads a ledger timestamp back; nil when `text` is not one.
    public static func date(fromTimestamp text: String) -> Date? {
        formatter("yyyy-MM-dd'T'HH:mm:ss'Z'", utc).date(from: text)
    }

    /// The zone people read times in: `TZ` (an IANA name, `:` before it allowed), then the
    /// configuration's `time-zone`, then Europe/Stockholm (jump hosts often run in UTC). A name
    /// that is no zone is passed over.
    public static func displayZone(environment: [String: String], configured: String?) -> TimeZone {
        for name in [environment["TZ"].map { $0.hasPrefix(":") ? String($0.dropFirst()) : $0 }, configured] {
            if let name, !name.isEmpty, let zone = TimeZone(identifier: name) { return zone }
        }
        return TimeZone(identifier: "Europe/Stockholm") ?? utc
    }

    /// A ledger timestamp as local time in `zone`: `2026-11-20 14:03:00 +01:00`; a text that is no
    /// timestamp is returned as it is.
    public static func local(_ timestamp: String, in zone: TimeZone) -> String {
        guard let date = date(fromTimestamp: timestamp) else { return timestamp }
        return local(date, in: zone)
    }

    /// A moment as local time in `zone`: `2026-11-20 14:03:00 +01:00`.
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        formatter("yyyy-MM-dd HH:mm:ss xxx", zone).string(from: date)
    }

    /// TAK's form, `yyyy-MM-dd'T'HH:mm:ssZ`: `2026-11-21T14:03:00+0100`.
    public static func takTimestamp(_ date: Date, in zone: TimeZone) -> String {
        formatter("yyyy-MM-dd'T'HH:mm:ssZ", zone).string(from: date)
    }

    /// A Gregorian calendar in `zone`.
    public static func calendar(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// A formatter for `format` in `zone`, made where it is used (`DateFormatter` is not `Sendable`).
    private static func formatter(_ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.calendar = calendar(in: zone)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }
}
