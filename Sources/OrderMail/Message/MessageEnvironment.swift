import Foundation
import OrderMailCore

/// What varies between two renderings of the same order: the clock, the time zone and the
/// Message-ID. Injected so that tests can pin exact bytes.
public struct MessageEnvironment: Sendable {
    /// The time the message is dated.
    public let now: Date
    /// The zone in which the `Date:` header and "today" are expressed.
    public let timeZone: TimeZone
    /// Makes the unique part of a Message-ID (left of `@`).
    public let makeMessageIDLocalPart: @Sendable () -> String

    /// An environment with explicit values.
    public init(now: Date, timeZone: TimeZone, makeMessageIDLocalPart: @escaping @Sendable () -> String) {
        self.now = now
        self.timeZone = timeZone
        self.makeMessageIDLocalPart = makeMessageIDLocalPart
    }

    /// The real clock, the process's time zone and 128 random bits for each Message-ID.
    ///
    /// The zone is the C library's reading of `TZ` (else `/etc/localtime`) at this moment, taken as
    /// an offset: `TZ` may hold a POSIX rule such as `<+0530>-5:30`, which Foundation does not read.
    public static func system() -> MessageEnvironment {
        let now = Date()
        var seconds = time_t(now.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        let offset = localtime_r(&seconds, &fields) != nil ? Int(fields.tm_gmtoff) : 0
        return MessageEnvironment(now: now, timeZone: TimeZone(secondsFromGMT: offset) ?? DateFormats.utc) {
            var generator = SystemRandomNumberGenerator()
            let high = generator.next() as UInt64
            let low = generator.next() as UInt64
            return String(high, radix: 36) + "." + String(low, radix: 36)
        }
    }

    /// Today's date in this environment's zone.
    public var today: CalendarDate { CalendarDate(now, in: timeZone) }

    /// `now` as an RFC 5322 `Date:` value.
    public var dateHeaderValue: String { DateFormats.rfc5322(now, in: timeZone) }
}
