import Foundation

/// A calendar date written `YYYY-MM-DD`, without a time of day or zone.
public struct CalendarDate: Hashable, Comparable, EncodedAsText, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date from its parts; nil when they do not name a day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The date on which `instant` falls at `utcOffsetSeconds` east of UTC.
    public init(_ instant: Date, utcOffsetSeconds: Int) {
        let fields = DateFields(instant, offsetSeconds: utcOffsetSeconds)
        (year, month, day) = (fields.year, fields.month, fields.day)
    }

    /// Parses `YYYY-MM-DD`; the error names `field`.
    public init(parsing text: String, field: String) throws(FieldError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let error = FieldError(field: field, rule: "\(text.debugDescription) must be a date written YYYY-MM-DD", example: "2027-03-01")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let date = CalendarDate(year: year, month: month, day: day)
        else { throw error }
        self = date
    }

    public var description: String {
        "\(String(year).leftPadded(to: 4))-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }



    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year.isMultiple(of: 4) && !year.isMultiple(of: 100)) || year.isMultiple(of: 400) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
