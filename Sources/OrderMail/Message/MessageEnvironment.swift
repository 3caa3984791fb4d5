import Foundation

/// What varies between two renderings of the same order: the clock, the zone's offset from UTC
/// and the Message-ID. Injected so that tests can pin exact bytes.
public struct MessageEnvironment: Sendable {
    /// The time the message is dated.
    public let now: Date
    /// Seconds east of UTC at `now`, in which the `Date:` header and "today" are expressed.
    public let utcOffsetSeconds: Int
    /// Makes the unique part of a Message-ID (left of `@`).
    public let makeMessageIDLocalPart: @Sendable () -> String

    /// An environment with explicit values.
    public init(now: Date, utcOffsetSeconds: Int, makeMessageIDLocalPart: @escaping @Sendable () -> String) {
        self.now = now
        self.utcOffsetSeconds = utcOffsetSeconds
        self.makeMessageIDLocalPart = makeMessageIDLocalPart
    }

    /// An environment at `now` in `timeZone`.
    public init(now: Date, timeZone: TimeZone, makeMessageIDLocalPart: @escaping @Sendable () -> String) {
        self.init(now: now, utcOffsetSeconds: timeZone.secondsFromGMT(for: now), makeMessageIDLocalPart: makeMessageIDLocalPart)
    }

    /// The real clock, the process's time zone (`TZ`, as the C library reads it; UTC if it cannot)
    /// at that moment, and 128 random bits for each Message-ID. Foundation's zone database is
    /// not loaded: an offset is all that a `Date:` header and "today" need.
    public static func system() -> MessageEnvironment {
        let now = Date()
        var seconds = time_t(now.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        let offset = localtime_r(&seconds, &fields) != nil ? Int(fields.tm_gmtoff) : 0
        return MessageEnvironment(now: now, utcOffsetSeconds: offset) {
            var generator = SystemRandomNumberGenerator()
            let high = generator.next() as UInt64
            let low = generator.next() as UInt64
            return String(high, radix: 36) + "." + String(low, radix: 36)
        }
    }

    /// Today's date in this environment's zone.
    public var today: CalendarDate {
        CalendarDate(now, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// `now` as an RFC 5322 `Date:` value.
    public var dateHeaderValue: String {
        RFC5322Date.format(now, utcOffsetSeconds: utcOffsetSeconds)
    }
}
