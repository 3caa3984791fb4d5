import Foundation

/// The fixed date and time forms ordermail writes, all through Foundation's Gregorian calendar with
/// the POSIX locale, so that `LANG` cannot change them.
public enum DateFormats {
    /// Coordinated Universal Time.
    public static let utc = TimeZone.gmt

    /// Swedish local time, in which 1177's support, captures without an offset and reports live.
    public static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .gmt

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

    /// TAK's form, `yyyy-MM-dd'T'HH:mm:ssZ`: `2026-11-21T14:03:00+0100`.
    public static func takTimestamp(_ date: Date, in zone: TimeZone) -> String {
        formatter("yyyy-MM-dd'T'HH:mm:ssZ", zone).string(from: date)
    }

    /// An HTTP `Date:` header (`Tue, 01 Dec 2026 08:12:44 GMT`); nil when `text` is not one.
    static func date(fromHTTPDate text: String) -> Date? {
        formatter("EEE, dd MMM yyyy HH:mm:ss zzz", utc).date(from: text)
    }

    /// IMAP's SEARCH date, `1-Dec-2026`, in English, for the Swedish calendar day of `date`.
    static func imapSearchDate(_ date: Date) -> String {
        formatter("d-MMM-yyyy", stockholm).string(from: date)
    }

    /// A report's moment in Swedish local time: `2026-12-01 09:12:44`, or with `dayOnly` `2026-12-01`.
    static func reportMoment(_ date: Date, dayOnly: Bool) -> String {
        formatter(dayOnly ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", stockholm).string(from: date)
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
