import OrderMailCore

/// Who a message goes to and who transmits it, apart from the ordering contact in `From:`.
public struct Addressing: Equatable, Sendable {
    /// The address of 1177's national support, which Inera's connection guide names.
    public static let defaultRecipient = "e-tjanster@1177.se"

    /// `To:` recipients.
    public var to: [EmailAddress]
    /// `Cc:` recipients, such as the team's shared mailbox.
    public var cc: [EmailAddress]
    /// A technical sender: `Sender:` and the envelope's MAIL FROM, when it is not the contact.
    public var sender: EmailAddress?

    public init(to: [EmailAddress], cc: [EmailAddress] = [], sender: EmailAddress? = nil) {
        self.to = to
        self.cc = cc
        self.sender = sender
    }
}
