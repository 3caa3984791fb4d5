import Foundation

/// Formats dates as RFC 5322 `Date:` values (`Sat, 21 Nov 2026 14:03:00 +0100`), in English
/// whatever the process's locale says, with a numeric zone.
public enum RFC5322Date {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` at `utcOffsetSeconds` east of UTC.
    public static func format(_ date: Date, utcOffsetSeconds: Int) -> String {
        let fields = DateFields(date, offsetSeconds: utcOffsetSeconds)
        return "\(weekdays[fields.weekday - 1]), \(DateFields.two(fields.day)) \(months[fields.month - 1]) "
            + "\(String(fields.year).leftPadded(to: 4)) \(fields.isoTime) \(fields.numericOffset)"
    }
}
