import OrderMailCore

/// Why the bytes of one message cannot be read as mail; the reader adds where the message came from.
package struct MailFormatError: Error, Equatable {
    /// The rule the message broke, such as "header section has more than 2000 lines".
    package var rule: String

    /// A message of `size` bytes, over `MailLimits.maximumMessageBytes`.
    package static func tooLarge(_ size: Int) -> MailFormatError {
        MailFormatError(
            rule:
                "message is \(size / 1_000_000) MB; messages over \(MailLimits.maximumMessageBytes / 1_048_576) MB are not read"
        )
    }

    /// The one-line error for a message at `location` (a file, or a message inside one).
    package func error(at location: String) -> OrderMailError {
        .invalidData("\(location): \(rule)")
    }
}
