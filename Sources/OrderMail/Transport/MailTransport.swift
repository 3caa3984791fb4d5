import OrderMailCore

/// Hands one message to a mail server and says what became of it; knows nothing of the ledger.
///
/// ``SendOrder`` is given one, so that another package (or a test) can send through its own. A
/// transport that cannot even try (no handle, no memory) throws; ``deliver(_:envelope:)``, which
/// the send use cases call, makes that a temporary failure.
public protocol MailTransport {
    /// Hands `message` to the server for `envelope`.
    func send(_ message: [UInt8], envelope: SMTPEnvelope) throws(OrderMailError) -> DeliveryOutcome
    /// The longest one attempt may take, in seconds: a `sending` attempt older than this and a
    /// minute is over.
    var timeout: Double { get }
}

extension MailTransport {
    /// Hands `message` to the server; a transport that cannot even try (it throws) is a temporary
    /// failure, since nothing can have reached a server.
    public func deliver(_ message: [UInt8], envelope: SMTPEnvelope) -> DeliveryOutcome {
        do { return try send(message, envelope: envelope) } catch {
            return .failedTemporarily(reason: error.description)
        }
    }
}

/// The SMTP server of ``SMTPSettings``, through libcurl.
public struct SMTPMailTransport: MailTransport {
    public var settings: SMTPSettings
    /// Receives the SMTP conversation, authentication redacted.
    public var trace: ((String) -> Void)?
    /// Asked while the transfer runs; true aborts it (the outcome then follows how far it got).
    public var shouldStop: (() -> Bool)?

    public init(settings: SMTPSettings, trace: ((String) -> Void)? = nil, shouldStop: (() -> Bool)? = nil) {
        self.settings = settings
        self.trace = trace
        self.shouldStop = shouldStop
    }

    public var timeout: Double { settings.timeout }

    public func send(_ message: [UInt8], envelope: SMTPEnvelope) throws(OrderMailError) -> DeliveryOutcome {
        try SMTPTransport.send(message, envelope: envelope, settings: settings, trace: trace, shouldStop: shouldStop)
    }
}
