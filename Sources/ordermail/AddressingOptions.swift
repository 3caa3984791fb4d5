import ArgumentParser
import OrderMail

/// The flags that address a message; each overrides the configuration's key of the same name.
struct AddressingOptions: ParsableArguments {
    @Option(name: .customLong("to"), help: "Recipient, repeatable (default: \(Addressing.defaultRecipient)).")
    var recipients: [String] = []

    @Option(name: .customLong("cc"), help: "Copy recipient, repeatable (e.g. the team's shared mailbox).")
    var copies: [String] = []

    @Option(
        name: .customLong("from"), help: "A technical sender for Sender: and the envelope; From: is always the contact."
    )
    var sender: String?

    /// The flags given, by name: a stored order refuses them.
    var given: [String] {
        (recipients.isEmpty ? [] : ["--to"]) + (copies.isEmpty ? [] : ["--cc"]) + (sender == nil ? [] : ["--from"])
    }

    /// The configuration values these flags set.
    func overrides() throws(OrderMailError) -> Configuration {
        try Configuration.fromFlags([
            ("to", recipients.isEmpty ? nil : recipients.joined(separator: ", ")),
            ("cc", copies.isEmpty ? nil : copies.joined(separator: ", ")), ("from", sender),
        ])
    }
}
