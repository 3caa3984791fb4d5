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

    /// The zone local times are shown in: `TZ` when it names a zone, else `configured` (a
    /// configuration's time zone, when one is set), else Europe/Stockholm, the zone of the
    /// Swedish regions this tool serves. The one rule every local time in lists, views and the
    /// register follows.
    public static func localZone(tz: String? = ProcessInfo.processInfo.environment["TZ"], configured: String? = nil) -> TimeZone {
        for name in [tz, configured] {
            // POSIX allows a leading colon: TZ=:Europe/Stockholm.
            guard let name = name.map({ $0.hasPrefix(":") ? String($0.dropFirst()) : $0 }), !name.isEmpty,
                  let zone = TimeZone(identifier: name) else { continue }
            return zone
        }
        return stockholm
    }

    /// Europe/Stockholm; UTC+1 on a system without zone data (never seen on Debian, which ships tzdata).
    public static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3600) ?? utc

    /// A moment as a register shows it: local time to the minute, `2026-11-21 14:03`, which Excel
    /// reads as a date and time.
    public static func localMinute(_ date: Date, in zone: TimeZone) -> String {
        formatter("yyyy-MM-dd HH:mm", zone).string(from: date)
    }

    /// Reads a register's local time back: `yyyy-MM-dd HH:mm`, with or without seconds (Excel may
    /// add them), or a bare date (taken as 12:00); nil when `text` is none of these.
    public static func date(fromLocal text: String, in zone: TimeZone) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            if let date = formatter(format, zone).date(from: text), formatter(format, zone).string(from: date) == text { return date }
        }
        if let day = try? CalendarDate(parsing: text, field: "date") {
            return calendar(in: zone).date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
        }
        return nil
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
