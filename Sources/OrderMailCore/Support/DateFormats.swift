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
        if let comment = text.firstIndex(of: "(") {
            text = String(text[..<comment]).trimmingCharacters(in: .whitespaces)
        }
        if let comma = text.firstIndex(of: ",") {
            text = String(text[text.index(after: comma)...]).trimmingCharacters(in: .whitespaces)
        }
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
    public static func localZone(tz: String? = ProcessInfo.processInfo.environment["TZ"], configured: String? = nil)
        -> TimeZone
    {
        for name in [tz, configured] {
            // POSIX allows a leading colon: TZ=:Europe/Stockholm.
            guard let name = name.map({ $0.hasPrefix(":") ? String($0.dropFirst()) : $0 }), !name.isEmpty,
                let zone = TimeZone(identifier: name)
            else { continue }
            return zone
        }
        return stockholm
    }

    /// Swedish local time, in which 1177's support, captures without an offset and reports live;
    /// UTC+1 on a system without zone data (never seen on Debian, which ships tzdata).
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
            if let date = formatter(format, zone).date(from: text), formatter(format, zone).string(from: date) == text {
                return date
            }
        }
        if let day = try? CalendarDate(parsing: text, field: "date") {
            return calendar(in: zone).date(
                from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
        }
        return nil
    }

    /// Ledger timestamps as a register's local minutes, by arithmetic on the fixed forms rather
    /// than through `DateFormatter`, which on Linux costs tens of microseconds a call: a register
    /// of 100,000 orders converts 200,000 times. Gives what ``localMinute(_:in:)`` gives.
    public struct LocalMinutes: Sendable {
        public let zone: TimeZone

        public init(zone: TimeZone) {
            self.zone = zone
        }

        /// `2026-11-21T13:03:00Z` as `2026-11-21 14:03` in the zone; nil when it is not a timestamp.
        public func localMinute(fromTimestamp text: String) -> String? {
            let bytes = Array(text.utf8)
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                bytes[10] == UInt8(ascii: "T"),
                bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
            else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for byte in bytes[range] {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                let hour = number(11..<13),
                let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month),
                (1...31).contains(day),
                hour < 24, minute < 60, second < 61
            else { return nil }
            let utc = Self.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
            let local = utc + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
            let (y, m, d) = Self.civil(days: local.floorDivided(by: 86_400))
            let secondOfDay = local - local.floorDivided(by: 86_400) * 86_400
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            return "\(y)-\(two(m))-\(two(d)) \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60))"
        }

        /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
        package static func days(year: Int, month: Int, day: Int) -> Int {
            let y = month <= 2 ? year - 1 : year
            let era = y.floorDivided(by: 400)
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

        /// The date of a day count since 1970-01-01 (`civil_from_days`).
        package static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
            let z = days + 719_468
            let era = z.floorDivided(by: 146_097)
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let mp = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * mp + 2) / 5 + 1
            let month = mp < 10 ? mp + 3 : mp - 9
            return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
        }
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

    /// An HTTP `Date:` header (`Tue, 01 Dec 2026 08:12:44 GMT`); nil when `text` is not one.
    package static func date(fromHTTPDate text: String) -> Date? {
        formatter("EEE, dd MMM yyyy HH:mm:ss zzz", utc).date(from: text)
    }

    /// IMAP's SEARCH date, `1-Dec-2026`, in English, for the Swedish calendar day of `date`.
    package static func imapSearchDate(_ date: Date) -> String {
        formatter("d-MMM-yyyy", stockholm).string(from: date)
    }

    /// A report's moment in Swedish local time: `2026-12-01 09:12:44`, or with `dayOnly` `2026-12-01`.
    package static func reportMoment(_ date: Date, dayOnly: Bool) -> String {
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

extension Int {
    /// Division rounding towards minus infinity.
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
