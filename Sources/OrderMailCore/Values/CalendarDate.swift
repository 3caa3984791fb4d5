import Foundation

/// A calendar date written `YYYY-MM-DD`, without a time of day or zone.
public struct CalendarDate: Hashable, Comparable, EncodedAsText, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date from its parts; nil when they do not name a day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        let components = DateComponents(year: year, month: month, day: day)
        guard (1...9999).contains(year), components.isValidDate(in: DateFormats.calendar(in: DateFormats.utc)) else {
            return nil
        }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The date on which `instant` falls in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let parts = DateFormats.calendar(in: zone).dateComponents([.year, .month, .day], from: instant)
        (year, month, day) = (parts.year ?? 1, parts.month ?? 1, parts.day ?? 1)
    }

    /// Parses `YYYY-MM-DD`; the error names `field` and says whether the form or the date is wrong.
    public init(parsing text: String, field: String) throws(FieldError) {
        guard let match = text.wholeMatch(of: #/([0-9]{4})-([0-9]{2})-([0-9]{2})/#),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3)
        else {
            throw FieldError(
                field: field, rule: "\(Quoted(text)) must be a date written YYYY-MM-DD", example: "2027-03-01")
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            throw FieldError(field: field, rule: "\(Quoted(text)) is not a day of the calendar", example: "2027-03-01")
        }
        self = date
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
