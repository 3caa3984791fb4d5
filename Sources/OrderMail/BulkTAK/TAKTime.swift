import Foundation
import OrderMailCore

/// An order time as TAK writes it: `yyyy-MM-dd'T'HH:mm:ssZ` (`+0100`; `+01:00` and `Z` are read too).
public struct TAKTime: Equatable, Sendable {
    public let date: Date
    /// The offset it was given in, which the documents keep.
    public let timeZone: TimeZone

    /// Parses `text`; the error names `--order-time`.
    public static func parse(_ text: String, field: String = "order-time") throws(OrderMailError) -> TAKTime {
        let error = OrderMailError.invalidField(
            FieldError(
                field: field, rule: "\(Quoted(text)) must be yyyy-MM-ddTHH:mm:ss+hhmm",
                example: "2026-11-21T14:03:00+0100"),
            source: .commandLine)
        let pattern = #/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|([+-])(\d{2}):?(\d{2}))$/#
        guard let match = text.wholeMatch(of: pattern),
            let day = CalendarDate(year: Int(match.1) ?? 0, month: Int(match.2) ?? 0, day: Int(match.3) ?? 0),
            let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6),
            hour < 24, minute < 60, second < 60
        else { throw error }
        var offset = 0
        if match.7 != "Z", let sign = match.8, let hours = match.9.flatMap({ Int($0) }),
            let minutes = match.10.flatMap({ Int($0) })
        {
            offset = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        guard let zone = TimeZone(secondsFromGMT: offset) else { throw error }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { throw error }
        return TAKTime(date: date, timeZone: zone)
    }
}
