import ArgumentParser
import OrderMail

/// The flags that address a message; each overrides the configuration's key of the same name.
struct AddressingOptions: ParsableArguments {
    @Option(name: .customLong("to"), help: "Recipient, repeatable (default: \(Addressing.defaultRecipient)).")
    var recipients: [String] = []

    @Option(name: .customLong("cc"), help: "Copy recipient, repeatable (e.g. the team's shared mailbox).")
    var copies: [String] = []

    @Option(name: .customLong("from"), help: "A technical sender for Sender: and the envelope; From: is always the contact.")
    var sender: String?

    /// The configuration values these flags set.
    func overrides() throws(OrderMailError) -> Configuration {
        var overrides = Configuration()
        do {
            if !recipients.isEmpty { overrides.to = try recipients.map { text throws(FieldError) in try EmailAddress(text, field: "to") } }
            if !copies.isEmpty { overrides.cc = try copies.map { text throws(FieldError) in try EmailAddress(text, field: "cc") } }
            overrides.from = try sender.map { text throws(FieldError) in try EmailAddress(text, field: "from") }
        } catch {
            throw .invalidField(error, source: .commandLine)
        }
        return overrides
    }
}
