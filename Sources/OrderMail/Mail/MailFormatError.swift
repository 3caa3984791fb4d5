/// Why the bytes of one message cannot be read as mail; the reader adds where the message came from.
struct MailFormatError: Error, Equatable {
    /// The rule the message broke, such as "header section has more than 2000 lines".
    var rule: String

    /// The one-line error for a message at `location` (a file, or a message inside one).
    func error(at location: String) -> OrderMailError {
        .invalidData("\(location): \(rule)")
    }
}
