import OrderMailCore

/// The bounds that keep reading one message finite, whatever the input.
public enum MailLimits {
    /// The largest message read; a larger one is refused (a 50 MB attachment is about 68 MB in base64).
    public static let maximumMessageBytes = 40 * 1024 * 1024
    /// The most lines a header section may have (real ones have a few hundred at most).
    public static let maximumHeaderLines = 2_000
    /// The most bytes a header section may have.
    public static let maximumHeaderBytes = 1024 * 1024
    /// The deepest nesting of multiparts and attached messages followed.
    public static let maximumDepth = 16
    /// The most bytes of one text part decoded; the rest is left out with a note.
    public static let maximumTextBytes = 4 * 1024 * 1024
}
