import Foundation
import OrderMailCore

/// Recognises the timestamps that captures carry: a log line's leading `yyyy-MM-dd HH:mm:ss`
/// (or with `T`, fractions after `.` or `,`, and `Z` or an offset; without one, Swedish local
/// time), ECS's `@timestamp`, and an HTTP `Date:` header.
package struct CaptureTimestamps {
    private let calendar = DateFormats.calendar(in: DateFormats.stockholm)

    package init() {}

    /// The timestamp a line starts with (after an optional `[`), if any.
    package func parseLogTimestamp(_ line: ArraySlice<UInt8>) -> Date? {
        var bytes = line
        if bytes.first == UInt8(ascii: "[") { bytes = bytes.dropFirst() }
        guard bytes.count >= 19, let first = bytes.first, (0x30...0x39).contains(first) else { return nil }
        let digits = Array(bytes.prefix(40))
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < digits.count, (0x30...0x39).contains(digits[index]) else { return nil }
                value = value * 10 + Int(digits[index] - 0x30)
            }
            return value
        }
        guard digits[4] == 0x2D, digits[7] == 0x2D, digits[10] == 0x20 || digits[10] == 0x54,
            digits[13] == 0x3A, digits[16] == 0x3A,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < digits.count, digits[index] == 0x2E || digits[index] == 0x2C {
            index += 1
            var scale = 0.1
            while index < digits.count, (0x30...0x39).contains(digits[index]) {
                fraction += Double(digits[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        var components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if index < digits.count, digits[index] == UInt8(ascii: "Z") {
            components.timeZone = .gmt
        } else if index < digits.count, digits[index] == 0x2B || digits[index] == 0x2D,
            let hours = number((index + 1)..<(index + 3))
        {
            let minutesStart = index + 3 < digits.count && digits[index + 3] == 0x3A ? index + 4 : index + 3
            let minutes = number(minutesStart..<(minutesStart + 2)) ?? 0
            let offset = (hours * 3600 + minutes * 60) * (digits[index] == 0x2D ? -1 : 1)
            components.timeZone = TimeZone(secondsFromGMT: offset)
        }
        return calendar.date(from: components).map { $0.addingTimeInterval(fraction) }
    }

    /// The date of an HTTP `Date:` header line.
    package func parseHTTPDate(_ line: ArraySlice<UInt8>) -> Date? {
        guard line.count > 6, line.prefix(5).map({ $0 | 0x20 }) == Array("date:".utf8) else { return nil }
        let text = String(decoding: line.dropFirst(5), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return DateFormats.date(fromHTTPDate: text)
    }

    /// A `yyyyMMddHHmmss` value (Engagemangsindex's TS) as Swedish local time; nil unless it is a real date and time.
    package func parseTS(_ text: String) -> Date? {
        guard text.utf8.count == 14, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        let fields = [number(0..<4), number(4..<6), number(6..<8), number(8..<10), number(10..<12), number(12..<14)]
        // By arithmetic when the date is real and no change of UTC offset lies within three hours
        // of it (so no local time is skipped or repeated there); else by the calendar, as before.
        let (year, month, day) = (fields[0], fields[1], fields[2])
        if year >= 1000, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            fields[3] < 24, fields[4] < 60, fields[5] < 60
        {
            let local =
                DateFormats.LocalMinutes.days(year: year, month: month, day: day) * 86_400
                + fields[3] * 3600 + fields[4] * 60 + fields[5]
            let zone = DateFormats.stockholm
            let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 3 * 3600 - 3600)))
            let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 3 * 3600)))
            if before == after { return Date(timeIntervalSince1970: TimeInterval(local - before)) }
        }
        let components = DateComponents(
            year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
        guard fields[0] >= 1000, let date = calendar.date(from: components) else { return nil }
        // Calendar rolls 31 February over into March: a real date reads back as written.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard [back.year, back.month, back.day, back.hour, back.minute, back.second] == fields.map(Optional.some) else {
            return nil
        }
        return date
    }

    /// Days in `month` of `year` (Gregorian).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads fields of a JSON log event whether its writer nests them (`{"trace":{"id":…}}`) or
/// writes dotted keys (`{"trace.id":…}`), as log4j2's EcsLayout does for some.
package enum JSONLogFields {
    /// The string at a dotted path.
    package static func string(at path: String, in object: [String: Any]) -> String? {
        if let value = object[path] as? String { return value }
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let nested = object[parts[0]] as? [String: Any] else { return nil }
        return string(at: parts[1], in: nested)
    }

    /// Every string value in the object, nested ones included, in key order.
    package static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: [text]
        case let object as [String: Any]: object.keys.sorted().flatMap { strings(in: object[$0] as Any) }
        case let array as [Any]: array.flatMap { strings(in: $0) }
        default: []
        }
    }
}
