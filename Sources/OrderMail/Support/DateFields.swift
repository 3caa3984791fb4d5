import Foundation

/// A moment's calendar fields in one time zone, for the fixed formats ordermail writes (never
/// through a locale, so `LANG` cannot change them).
struct DateFields {
    let year, month, day, hour, minute, second: Int
    /// 1 is Sunday.
    let weekday: Int
    /// Minutes east of UTC.
    let offsetMinutes: Int

    init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        (hour, minute, second, weekday) = (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, parts.weekday ?? 1)
        offsetMinutes = timeZone.secondsFromGMT(for: date) / 60
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
