/// One IMAP connection over ``CurlSession``: each command is a custom request on the same
/// connection, its replies read by an ``IMAPResponseReader``. Logging in is libcurl's, proven by the
/// tagged `OK` to LOGIN or AUTHENTICATE.
final class IMAPConnection {
    private let settings: IMAPSettings
    private let session: CurlSession
    private let trace: ((String) -> Void)?
    private var reader: IMAPResponseReader?
    /// The command being sent, until the client's line for it shows its tag.
    private var pendingCommand: String?
    /// Set once the client sends another command after our command's tagged reply.
    private var readerDone = false
    /// The tag of the LOGIN or AUTHENTICATE command, from when it is sent until its tagged reply.
    private var loginTag: String?
    /// The server answered OK to the login: the proof that one took place.
    private(set) var loggedIn = false
    private var failed = false
    /// The tagged `NO` or `BAD` that refused the last command, with its text.
    private(set) var refusal: (word: String, text: String)?

    init(settings: IMAPSettings, trace: ((String) -> Void)?) throws(OrderMailError) {
        try settings.validate()
        self.settings = settings
        self.trace = trace
        session = try CurlSession(label: "imap")
        session.onServerLine = { [unowned self] line in serverLine(line) }
        session.onTrace = { [unowned self] direction, line in traced(direction, line) }
        var options: [CurlSession.Option] = [
            .url(settings.serverURL), .timeouts(connect: settings.connectTimeout, total: settings.timeout),
            .requireStartTLS(settings.tls == .starttls), .bufferSize(Self.longestLine),
            .login(user: settings.user, secret: settings.password, bearer: settings.authentication != .password),
        ]
        if let mechanism = settings.authentication.loginOptions { options.append(.loginOptions(mechanism)) }
        if let caFile = settings.caFile { options.append(.caFile(caFile)) }
        if let refused = session.set(options) { throw .delivery("imap: \(refused)", .temporary) }
    }

    /// libcurl passes on whole only lines up to half its buffer: the largest buffer it takes.
    static let longestLine = 512 * 1024

    deinit { session.close(politely: !failed) }

    /// Sends `command` and returns its replies; anything but a whole reply ending in a tagged `OK`
    /// is an error, after which the connection is dropped.
    func run(_ command: String) throws(OrderMailError) -> IMAPResponseReader {
        guard !failed else { throw .delivery("imap: the connection was dropped", .temporary) }
        pendingCommand = command
        refusal = nil
        reader = nil
        defer { reader = nil }
        if let refused = session.set([.customRequest(command)]) { throw fail("imap: \(refused)", .temporary) }
        let result = session.perform()
        let server = settings.url
        switch result.status {
        case .loginDenied: throw fail("imap: \(server): the login was refused: \(result.text)", .permission)
        case .tlsFailed: throw fail("imap: \(server): TLS failed: \(result.text)", .tls)
        case .couldNotConnect: throw fail("imap: \(server): cannot connect: \(result.text)", .temporary)
        case .ok, .failed: break
        }
        guard loggedIn else {
            throw fail("imap: \(server): no login took place (the server let us in without one, or cut the connection): \(result.text)", .permission)
        }
        guard let reader else { throw fail("imap: \(server): \(command) was never sent: \(result.text)", .temporary) }
        do { try reader.finish() } catch {
            throw fail("imap: \(server): the reply to \(command) is not whole (\(error.reason)); the connection was dropped", .data)
        }
        if let status = reader.status, status.word.uppercased() != "OK" { refusal = status }
        guard let status = reader.status, status.word.uppercased() == "OK" else {
            throw fail("imap: \(server): \(command): the server said \(reader.status.map { "\($0.word) \($0.text)" } ?? "nothing")", .unavailable)
        }
        return reader
    }

    private func fail(_ text: String, _ failure: FailureClass) -> OrderMailError {
        failed = true
        return .delivery(text, failure)
    }

    private func serverLine(_ line: UnsafeRawBufferPointer) -> Bool {
        if let tag = loginTag {
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix(tag + " ") {
                loggedIn = text.dropFirst(tag.count + 1).uppercased().hasPrefix("OK")
                loginTag = nil
            }
        }
        if !readerDone { reader?.take(line) }
        return true
    }

    private func traced(_ direction: CurlSession.Direction, _ line: String) {
        switch direction {
        case .client:
            let words = line.split(separator: " ", maxSplits: 2)
            if words.count >= 2, ["LOGIN", "AUTHENTICATE"].contains(words[1].uppercased()) { loginTag = String(words[0]) }
            // A command libcurl sends after ours (LOGOUT once ours was refused) is not part of its reply.
            if reader?.status != nil { readerDone = true }
            if let command = pendingCommand, line.hasSuffix(" " + command), let tag = words.first {
                readerDone = false
                reader = IMAPResponseReader(tag: String(tag))
                pendingCommand = nil
            }
            trace?(loginTag == nil ? "C: \(line)" : "C: [redacted]")
        case .server:
            if reader?.inLiteral == true { return }
            trace?("S: \(line)")
        }
    }
}
