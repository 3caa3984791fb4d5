import OrderMailCore

/// One IMAP connection over ``CurlSession``: libcurl connects, does TLS and logs in (proven by the
/// tagged `OK` to LOGIN or AUTHENTICATE), then stops; each command after that is written and its
/// replies read here, byte by byte, by an ``IMAPResponseReader``. libcurl's own reading of custom
/// requests is not used: it splits literals into lines, cuts lines longer than its buffer and ends a
/// command at any line that starts with the tag, even inside a message body.
final class IMAPConnection {
    private let settings: IMAPSettings
    private let session: CurlSession
    private let trace: ((String) -> Void)?
    /// The tag of the LOGIN or AUTHENTICATE command, from when it is sent until its tagged reply.
    private var loginTag: String?
    /// The server answered OK to the login: the proof that one took place.
    private(set) var loggedIn = false
    private var failed = false
    /// The tagged `NO` or `BAD` that refused the last command, with its text.
    private(set) var refusal: (word: String, text: String)?
    /// Commands sent so far, for the next tag (libcurl's own tags are `A001`…; ours are `O001`…).
    private var commands = 0
    /// Bytes that arrived after the tagged reply of the last command.
    private var pending: [UInt8] = []

    /// Connects and logs in.
    init(settings: IMAPSettings, trace: ((String) -> Void)?) throws(OrderMailError) {
        try settings.validate()
        self.settings = settings
        self.trace = trace
        session = try CurlSession(label: "imap")
        session.onServerLine = { [unowned self] line in serverLine(line) }
        session.onTrace = { [unowned self] direction, line in traced(direction, line) }
        var options: [CurlSession.Option] = [
            // libcurl counts everything before its first request as connecting, the login included:
            // the connection and greeting get the connect timeout, the login one command's.
            .url(settings.serverURL),
            .timeouts(
                connect: settings.connectTimeout + settings.timeout, total: settings.connectTimeout + settings.timeout),
            .requireStartTLS(settings.tls == .starttls), .connectOnly,
            .login(user: settings.user, secret: settings.password, bearer: settings.authentication != .password),
        ]
        if let mechanism = settings.authentication.loginOptions { options.append(.loginOptions(mechanism)) }
        if let caFile = settings.caFile { options.append(.caFile(caFile)) }
        if let refused = session.set(options) { throw .delivery("imap: \(refused)", .temporary) }
        let result = session.perform()
        let server = settings.url
        switch result.status {
        case .loginDenied: throw fail("imap: \(server): the login was refused: \(result.text)", .permission)
        case .tlsFailed: throw fail("imap: \(server): TLS failed: \(result.text)", .tls)
        case .couldNotConnect: throw fail("imap: \(server): cannot connect: \(result.text)", .temporary)
        case .failed: throw fail("imap: \(server): \(result.text)", .temporary)
        case .ok: break
        }
        guard loggedIn else {
            throw fail(
                "imap: \(server): no login took place (the server let us in without one, or cut the connection)",
                .permission)
        }
    }

    /// The longest server line passed on in the trace; the rest is left out.
    static let longestTracedLine = 300

    deinit {
        if !failed, commands > 0 {
            // LOGOUT, politely but briefly: its answer is not waited for beyond a second.
            _ = try? run("LOGOUT", timeout: 1)
        }
        session.close(politely: false)
    }

    /// Sends `command` and returns its replies; anything but a whole reply ending in a tagged `OK`
    /// is an error, after which the connection is dropped. `largestLiteral` and `longestLine` bound
    /// what the replies may hold.
    func run(
        _ command: String, largestLiteral: Int = 64 * 1024, longestLine: Int = 64 * 1024, timeout: Double? = nil
    ) throws(OrderMailError) -> IMAPResponseReader {
        guard !failed else { throw .delivery("imap: the connection was dropped", .temporary) }
        refusal = nil
        commands += 1
        let number = String(commands)
        let tag = "O" + String(repeating: "0", count: max(0, 3 - number.count)) + number
        let server = settings.url
        let deadline = ContinuousClock.now + .milliseconds(Int((timeout ?? settings.timeout) * 1000))
        trace?("C: \(tag) \(command)")
        if let refused = session.send(Array("\(tag) \(command)\r\n".utf8), until: deadline) {
            throw fail("imap: \(server): \(command) could not be sent: \(refused)", .temporary)
        }
        var reader = IMAPResponseReader(tag: tag, longestLine: longestLine, largestLiteral: largestLiteral)
        var bytes = pending
        pending = []
        while true {
            let used = reader.take(bytes)
            if reader.isDone {
                pending = Array(bytes[used...])
                break
            }
            switch session.receive(atMost: 256 * 1024, until: deadline) {
            case .bytes(let more): bytes = more
            case .closed: throw fail("imap: \(server): the server closed the connection during \(command)", .temporary)
            case .timedOut:
                throw fail(
                    "imap: \(server): no whole reply to \(command) within \(Int(timeout ?? settings.timeout)) s; the connection was dropped",
                    .temporary)
            case .failed(let text): throw fail("imap: \(server): \(command): \(text)", .temporary)
            }
        }
        for line in reader.untagged { trace?("S: " + Self.shortened(line.text)) }
        if let tagged = reader.tagged { trace?("S: " + Self.shortened(tagged)) }
        do { try reader.finish() } catch {
            throw fail(
                "imap: \(server): the reply to \(command) is not whole (\(error.reason)); the connection was dropped",
                .data)
        }
        if let status = reader.status, status.word.uppercased() != "OK" { refusal = status }
        guard let status = reader.status, status.word.uppercased() == "OK" else {
            throw fail(
                "imap: \(server): \(command): the server said \(Quoted(reader.status.map { "\($0.word) \($0.text)" } ?? "nothing"))",
                .unavailable)
        }
        return reader
    }

    private static func shortened(_ text: String) -> String {
        text.count > longestTracedLine ? text.prefix(longestTracedLine) + "… (\(text.utf8.count) bytes)" : text
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
        return true
    }

    private func traced(_ direction: CurlSession.Direction, _ line: String) {
        switch direction {
        case .client:
            let words = line.split(separator: " ", maxSplits: 2)
            if words.count >= 2, ["LOGIN", "AUTHENTICATE"].contains(words[1].uppercased()) {
                loginTag = String(words[0])
            }
            trace?(loginTag == nil ? "C: \(line)" : "C: [redacted]")
        case .server:
            trace?("S: \(line)")
        }
    }
}
