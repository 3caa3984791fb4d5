import Foundation
import OrderMailCore

/// Sends one message through an SMTP server, over ``CurlSession``.
///
/// The transport knows nothing of the ledger: it returns what became of the attempt, and the caller
/// records it.
public enum SMTPTransport {
    /// Hands `message` to the server in `settings` for `envelope`.
    ///
    /// - Parameters:
    ///   - trace: receives the SMTP conversation line by line, with every client line from
    ///     AUTH until its final reply replaced by `[redacted]`; nil for no trace.
    ///   - shouldStop: asked while the transfer runs (at least once a second); true aborts it, and
    ///     the outcome is ``DeliveryOutcome/interrupted(afterData:reason:)``.
    public static func send(
        _ message: [UInt8], envelope: SMTPEnvelope, settings: SMTPSettings, trace: ((String) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws(OrderMailError) -> DeliveryOutcome {
        try checkEnvelope(envelope)
        return try transfer(
            settings: settings, message: message, envelope: envelope, trace: trace, shouldStop: shouldStop)
    }

    /// Refuses an envelope address that is not a plain addr-spec: libcurl would pass CR/LF in one on
    /// to the server as commands.
    public static func checkEnvelope(_ envelope: SMTPEnvelope) throws(OrderMailError) {
        for address in [envelope.from] + envelope.recipients where !EmailAddress.isValid(address.address) {
            throw .invalidData("envelope: \(Quoted(address.address)) is not a plain address")
        }
    }

    /// Connects, greets, upgrades to TLS and logs in as `settings` say, then quits without sending.
    public static func checkLogin(settings: SMTPSettings, trace: ((String) -> Void)? = nil) throws(OrderMailError)
        -> DeliveryOutcome
    {
        try transfer(settings: settings, message: nil, envelope: nil, trace: trace)
    }

    /// One connection: sends `message` when given, else stops after logging in.
    private static func transfer(
        settings: SMTPSettings, message: [UInt8]?, envelope: SMTPEnvelope?, trace: ((String) -> Void)?,
        shouldStop: (() -> Bool)? = nil
    ) throws(OrderMailError) -> DeliveryOutcome {
        try settings.validate()
        let session = try CurlSession(label: "smtp")
        let context = TransferContext(
            trace: trace, loginRequired: settings.user != nil, startTLS: settings.tls == .starttls,
            mechanism: settings.authentication.loginOptions.map { String($0.dropFirst("AUTH=".count)) })
        session.onServerLine = { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            return text.split(whereSeparator: \.isNewline).allSatisfy {
                $0.isEmpty || context.serverReplied(String($0))
            }
        }
        session.onTrace = { direction, line in
            if direction == .server { context.serverSaid(line) } else { context.clientSaid(line) }
        }
        var options: [CurlSession.Option] = [
            .url(endpoint(settings)), .timeouts(connect: settings.connectTimeout, total: settings.timeout),
            .requireStartTLS(settings.tls == .starttls),
        ]
        if let envelope, let message {
            session.upload = (message, { !context.loginRequired || context.loggedIn })
            options.append(.mail(from: "<\(envelope.from.address)>", recipients: envelope.recipients.map(\.address)))
        } else {
            options.append(.connectOnly)
        }
        if let caFile = settings.caFile { options.append(.caFile(caFile)) }
        if let shouldStop {
            session.shouldStop = shouldStop
            options.append(.stoppable)
        }
        if let user = settings.user, let password = settings.password {
            options.append(.login(user: user, secret: password, bearer: settings.authentication != .password))
            if let mechanism = settings.authentication.loginOptions { options.append(.loginOptions(mechanism)) }
        }
        let outcome: DeliveryOutcome
        if let refused = session.set(options) {
            outcome = .failedTemporarily(reason: refused)
        } else {
            outcome = classify(session.perform(), context: context, bodyComplete: session.uploadComplete)
        }
        // A login check ends its session with QUIT, as a mail client does (libcurl closes a
        // connect-only session without one, and Postfix logs "lost connection after AUTH").
        if message == nil, case .accepted = outcome { _ = session.say("QUIT", waitingUpTo: 2) }
        if case .accepted = outcome { session.close(politely: true) } else { session.close(politely: false) }
        return outcome
    }

    /// `smtp://host:port/ehlo-domain`: libcurl takes the EHLO name from the URL's path.
    private static func endpoint(_ settings: SMTPSettings) -> String {
        var base = settings.url
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(settings.ehloDomain)"
    }

    private static func classify(_ result: CurlSession.Result, context: TransferContext, bodyComplete: Bool)
        -> DeliveryOutcome
    {
        if result.stopped {
            return .interrupted(
                afterData: bodyComplete,
                reason: bodyComplete
                    ? "interrupted after the whole message was handed over"
                    : "interrupted before the whole message was handed over")
        }
        if context.loginRequired, !context.loggedIn, result.status == .ok || context.stoppedForMissingLogin {
            let offered = context.offeredMechanisms.isEmpty ? "none" : context.offeredMechanisms.joined(separator: " ")
            if let mechanism = context.mechanism, !context.offeredMechanisms.isEmpty {
                return .authenticationFailed(
                    reply:
                        "no login took place: the server does not offer AUTH \(mechanism), which auth asks for (offered: \(offered))"
                )
            }
            return .authenticationFailed(
                reply:
                    "no login took place although smtp-user is set: the server offers no AUTH mechanism ours can use (offered: \(offered))"
            )
        }
        let reply = context.lastReply ?? ""
        let reason = [result.text, reply].filter { !$0.isEmpty }.joined(separator: "; server said: ")
        switch result.status {
        case .ok: return .accepted(reply: reply)
        case .loginDenied: return .authenticationFailed(reply: reason)
        case .tlsFailed: return .tlsFailed(reason: reason)
        case .couldNotConnect, .failed: break
        }
        switch result.responseCode {
        // Microsoft 365's answer to a From: the account may not send as (554 5.2.252 SendAsDenied).
        case 500..<600 where reply.contains("SendAsDenied") || reply.contains("5.2.252"):
            return .authenticationFailed(reply: reason)
        case 500..<600: return .refusedPermanently(reply: reason)
        case 400..<500: return .failedTemporarily(reason: reason)
        default: break
        }
        if result.status == .couldNotConnect { return .failedTemporarily(reason: reason) }
        return bodyComplete ? .unknown(reason: reason) : .failedTemporarily(reason: reason)
    }
}

/// What the callbacks share with `transfer` during one connection.
private final class TransferContext {
    /// The last reply line from the server before the client said QUIT.
    var lastReply: String?
    /// The client has said QUIT: later replies say nothing about the message.
    var quitting = false
    let trace: ((String) -> Void)?
    /// Between the client's AUTH and the server's final reply to it.
    var inAuthentication = false

    /// A user is configured, so the server must accept a login before anything is sent.
    let loginRequired: Bool
    /// The server answered `235` to AUTH: the only proof that a login took place, since libcurl
    /// skips AUTH silently when the server offers none.
    var loggedIn = false
    /// The AUTH mechanisms of the EHLO reply before the login (after STARTTLS, the one that counts).
    var offeredMechanisms: [String] = []
    /// Which final reply is the EHLO reply libcurl logs in after: the greeting is the first, EHLO the
    /// second; with STARTTLS, its reply is the third and the EHLO that follows it the fourth.
    let loginEHLOReply: Int
    /// Final lines of replies seen so far.
    private var finalReplies = 0
    /// The AUTH mechanisms of the reply being read.
    private var mechanismsInReply: [String] = []
    /// The transfer was stopped because a required login cannot happen.
    var stoppedForMissingLogin = false

    /// The mechanism the configuration asks for (`XOAUTH2`, `OAUTHBEARER`), nil to let libcurl choose.
    let mechanism: String?

    init(trace: ((String) -> Void)?, loginRequired: Bool, startTLS: Bool, mechanism: String?) {
        self.trace = trace
        self.loginRequired = loginRequired
        self.mechanism = mechanism
        self.loginEHLOReply = startTLS ? 4 : 2
    }

    /// Takes one server line; false stops the transfer (a required login is not offered).
    func serverReplied(_ line: String) -> Bool {
        if !quitting { lastReply = line }
        if inAuthentication, !line.hasPrefix("334") { inAuthentication = false }
        if line.hasPrefix("235") { loggedIn = true }
        let text = line.dropFirst(4)
        if line.hasPrefix("250"), text.uppercased().hasPrefix("AUTH") {
            mechanismsInReply = text.dropFirst(4).split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
        }
        let isFinal = line.utf8.count < 4 || Array(line.utf8)[3] != UInt8(ascii: "-")
        guard isFinal else { return true }
        finalReplies += 1
        defer { mechanismsInReply = [] }
        guard finalReplies == loginEHLOReply, line.hasPrefix("250") else { return true }
        offeredMechanisms = mechanismsInReply
        let usable =
            mechanism.map { wanted in offeredMechanisms.contains { $0.uppercased() == wanted } } ?? !offeredMechanisms
            .isEmpty
        if loginRequired, !usable {
            stoppedForMissingLogin = true
            return false
        }
        return true
    }

    func serverSaid(_ line: String) {
        trace?("S: \(line)")
    }

    func clientSaid(_ line: String) {
        if line.uppercased() == "QUIT" { quitting = true }
        if line.uppercased().hasPrefix("AUTH ") || line.uppercased() == "AUTH" { inAuthentication = true }
        trace?(inAuthentication ? "C: [redacted]" : "C: \(line)")
    }
}
