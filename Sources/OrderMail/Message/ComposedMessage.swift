import OrderMailCore

/// A complete RFC 5322 message, exactly as it is printed, stored and transmitted.
public struct ComposedMessage: Equatable, Sendable {
    /// The rendered subject and body, before encoding.
    public var text: RenderedText
    /// The Message-ID without angle brackets.
    public var messageID: String
    /// The `Date:` header's value.
    public var date: String
    /// The message: CRLF line ends, ASCII only, ending in CRLF.
    public var wireForm: String

    /// The message's bytes.
    public var bytes: [UInt8] { Array(wireForm.utf8) }

    /// The bytes with `X-Unsent: 1` first, so that Outlook opens the file as an editable draft.
    /// Only for a file written for Outlook: the ledger and the server get ``bytes``.
    public var outlookDraftBytes: [UInt8] { Array("X-Unsent: 1\r\n".utf8) + bytes }
}
