import Foundation
import Testing

@testable import OrderMail

/// The register's local times: one rule for the zone, and the fast conversion giving what
/// Foundation's formatter gives.
@Suite("Local times")
struct LocalTimeTests {
    @Test func theZoneIsTZThenTheConfiguredOneThenStockholm() {
        #expect(
            DateFormats.localZone(tz: "America/St_Johns", configured: "Europe/Helsinki").identifier
                == "America/St_Johns")
        #expect(DateFormats.localZone(tz: ":Europe/Helsinki", configured: nil).identifier == "Europe/Helsinki")
        #expect(
            DateFormats.localZone(tz: "Nowhere/Else", configured: "Europe/Helsinki").identifier == "Europe/Helsinki")
        #expect(DateFormats.localZone(tz: nil, configured: nil).identifier == "Europe/Stockholm")
    }

    /// Over two years a day and 13 minutes apart, and every 7 minutes 13 seconds within three hours
    /// of each daylight-saving change, in Stockholm and in a zone whose changes fall on half hours
    /// of UTC (a formatter is made for each comparison, so the samples are few).
    @Test(arguments: ["Europe/Stockholm", "America/St_Johns", "UTC"])
    func theArithmeticGivesWhatTheFormatterGives(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let minutes = DateFormats.LocalMinutes(zone: zone)
        let start = try #require(DateFormats.date(fromTimestamp: "2025-01-01T00:00:00Z"))
        var samples = stride(from: 0.0, to: 2 * 365 * 86_400, by: 86_400 + 780).map { start + $0 }
        var transition = start
        while let next = zone.nextDaylightSavingTimeTransition(after: transition), next < start + 2 * 365 * 86_400 {
            samples += stride(from: -10_800.0, to: 10_800, by: 433).map { next + $0 }
            transition = next
        }
        for instant in samples {
            #expect(
                minutes.localMinute(fromTimestamp: DateFormats.timestamp(instant))
                    == DateFormats.localMinute(instant, in: zone))
        }
        #expect(samples.count > 700)
        #expect(minutes.localMinute(fromTimestamp: "2026-13-01T00:00:00Z") == nil)
        #expect(minutes.localMinute(fromTimestamp: "2026-11-21 13:03") == nil)
    }

    @Test func stockholmSummerTimeBeginsAtOneUTC() {
        let minutes = DateFormats.LocalMinutes(zone: DateFormats.stockholm)
        #expect(minutes.localMinute(fromTimestamp: "2026-03-29T00:59:59Z") == "2026-03-29 01:59")
        #expect(minutes.localMinute(fromTimestamp: "2026-03-29T01:00:00Z") == "2026-03-29 03:00")
    }

    @Test func aRegisterTimeIsReadBackInTheZone() throws {
        let stockholm = DateFormats.stockholm
        #expect(
            DateFormats.date(fromLocal: "2026-11-21 14:03", in: stockholm)
                == DateFormats.date(fromTimestamp: "2026-11-21T13:03:00Z"))
        #expect(
            DateFormats.date(fromLocal: "2026-07-01 14:03:00", in: stockholm)
                == DateFormats.date(fromTimestamp: "2026-07-01T12:03:00Z"))
        #expect(
            DateFormats.date(fromLocal: "2026-07-01", in: stockholm)
                == DateFormats.date(fromTimestamp: "2026-07-01T10:00:00Z"))
        #expect(DateFormats.date(fromLocal: "2026-02-30 10:00", in: stockholm) == nil)
        #expect(DateFormats.date(fromLocal: "21/11/2026 14:03", in: stockholm) == nil)
    }
}
