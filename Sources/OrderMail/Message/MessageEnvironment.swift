import Foundation

/// What varies between two renderings of the same order: the clock, the time zone and the
/// Message-ID. Injected so that tests can pin exact bytes.
public struct MessageEnvironment: Sendable {
    /// The time the message is dated.
    public var now: Date
    /// The zone the `Date:` header and "today" are expressed in.
    public var timeZone: TimeZone
    /// Makes the unique part of a Message-ID (left of `@`).
    public var makeMessageIDLocalPart: @Sendable () -> String

    /// An environment with explicit values.
    public init(now: Date, timeZone: TimeZone, makeMessageIDLocalPart: @escaping @Sendable () -> String) {
        self.now = now
        self.timeZone = timeZone
        self.makeMessageIDLocalPart = makeMessageIDLocalPart
    }

    /// The real clock, the process's time zone (`TZ`, as the C library reads it) at that moment, and
    /// 128 random bits for each Message-ID.
    public static func system() -> MessageEnvironment {
        let now = Date()
        return MessageEnvironment(now: now, timeZone: localZone(at: now)) {
            var generator = SystemRandomNumberGenerator()
            let high = generator.next() as UInt64
            let low = generator.next() as UInt64
            return String(high, radix: 36) + "." + String(low, radix: 36)
        }
    }

    /// The process's zone at `instant` as a fixed offset from UTC: all that a `Date:` header and
    /// "today" need, without loading Foundation's zone database.
    static func localZone(at instant: Date) -> TimeZone {
        var seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        guard localtime_r(&seconds, &fields) != nil, let zone = TimeZone(secondsFromGMT: Int(fields.tm_gmtoff)) else {
            return .current
        }
        return zone
    }

    /// Today's date in this environment's zone.
    public var today: CalendarDate {
        CalendarDate(now, in: timeZone)
    }
}
