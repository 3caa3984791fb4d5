import Foundation

extension RFC5322Date {
    /// Parses a received `Date:` value (`Tue, 1 Dec 2026 09:12:44 +0100`, the weekday optional, a
    /// trailing comment such as `(CET)` ignored); nil when it is not one.
    public static func parse(_ value: String) -> Date? {
        var text = value.trimmingWhiteSpace
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]).trimmingWhiteSpace }
        if let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]).trimmingWhiteSpace }
        text = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm Z", "d MMM yy HH:mm:ss Z"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
