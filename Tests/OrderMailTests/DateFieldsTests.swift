import Foundation
import Testing

@testable import OrderMail

@Suite("Date fields")
struct DateFieldsTests {
    /// Compares the arithmetic with Foundation's Gregorian calendar over four centuries of instants.
    @Test("agree with Foundation's Gregorian calendar", arguments: ["UTC", "Europe/Stockholm", "America/St_Johns", "Asia/Kolkata"])
    func agreeWithFoundationsCalendar(_ zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var generator = SystemRandomNumberGenerator()
        let instants = [-2_208_988_800.0, -1.0, 0, 951_782_400, 1_795_179_780, 4_102_444_799]
            + (0..<500).map { _ in Double(Int64.random(in: -5_000_000_000...10_000_000_000, using: &generator)) }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let fields = DateFields(date, in: zone)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            #expect(
                [fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second, fields.weekday]
                    == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.weekday].map { $0 ?? -1 },
                "\(seconds) in \(zoneName)")
        }
    }
}
