import Foundation

/// A moment's calendar fields in one time zone, for the fixed formats ordermail writes (never
/// through a locale, so `LANG` cannot change them). Computed with integer arithmetic on the
/// proleptic Gregorian calendar, which spares every command Foundation's calendar machinery.
struct DateFields {
    let year, month, day, hour, minute, second: Int
    /// 1 is Sunday.
    let weekday: Int
    /// Minutes east of UTC.
    let offsetMinutes: Int

    init(_ date: Date, in timeZone: TimeZone) {
        self.init(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    /// The fields of `date` at `offsetSeconds` east of UTC.
    init(_ date: Date, offsetSeconds: Int) {
        offsetMinutes = offsetSeconds / 60
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondsOfDay = local - days * 86_400
        (hour, minute, second) = (secondsOfDay / 3600, secondsOfDay % 3600 / 60, secondsOfDay % 60)
        // 1970-01-01 was a Thursday.
        weekday = ((days % 7 + 7) % 7 + 4) % 7 + 1
        // Days to civil date (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `yyyy-MM-dd`.
    var isoDate: String { "\(String(year).leftPadded(to: 4))-\(Self.two(month))-\(Self.two(day))" }
    /// `HH:mm:ss`.
    var isoTime: String { "\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))" }
    /// `+hhmm` or `-hhmm`.
    var numericOffset: String {
        (offsetMinutes < 0 ? "-" : "+") + Self.two(abs(offsetMinutes) / 60) + Self.two(abs(offsetMinutes) % 60)
    }

    static func two(_ value: Int) -> String { String(value).leftPadded(to: 2) }
}
