import CCurl
import Foundation

/// Sends one message through an SMTP server with libcurl: the only file in ordermail that calls libcurl.
public enum SMTPTransport {
    /// Hands `message` to the server in `settings` for `envelope`.
    ///
    /// - Parameters:
    ///   - trace: receives the SMTP conversation line by line, with every client line from AUTH
    ///     until its final reply replaced by `[redacted]`; nil for no trace.
    ///   - record: called with the outcome before the connection is closed, so that the outcome is
    ///     on record even if closing hangs or the process dies.
    public static func send(
        _ message: [UInt8], envelope: SMTPEnvelope, settings: SMTPSettings,
        trace: ((String) -> Void)? = nil,
        record: (DeliveryOutcome) throws(OrderMailError) -> Void
    ) throws(OrderMailError) -> DeliveryOutcome {
        // Addresses are re-checked here: libcurl would pass CR/LF in them on to the server as commands.
        for address in [envelope.from] + envelope.recipients where !EmailAddress.isValid(address.address) {
            throw .invalidData("envelope address \(address.address.debugDescription) is not a plain addr-spec")
        }
        return try transfer(settings: settings, message: message, envelope: envelope, trace: trace, record: record)
    }

    /// Connects, greets, upgrades to TLS and logs in as `settings` say, then quits without sending.
    public static func checkLogin(
        settings: SMTPSettings, trace: ((String) -> Void)? = nil
    ) throws(OrderMailError) -> DeliveryOutcome {
        try transfer(settings: settings, message: nil, envelope: nil, trace: trace) { _ throws(OrderMailError) in }
    }

    /// One easy handle, one connection: sends `message` when given, else stops after logging in.
    private static func transfer(
        settings: SMTPSettings, message: [UInt8]?, envelope: SMTPEnvelope?, trace: ((String) -> Void)?,
        record: (DeliveryOutcome) throws(OrderMailError) -> Void
    ) throws(OrderMailError) -> DeliveryOutcome {
        try settings.validate()
        var api = try CurlLibrary.load()
        guard let handle = ordermail_curl_easy_init(&api) else {
            throw .delivery("libcurl could not create a handle", .temporary)
        }
        let context = TransferContext(message: message ?? [], trace: trace)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        var recipients: UnsafeMutablePointer<curl_slist>?
        for address in envelope?.recipients ?? [] { recipients = ordermail_curl_slist_append(&api, recipients, address.address) }
        defer {
            ordermail_curl_slist_free_all(&api, recipients)
            errorBuffer.deallocate()
        }
        let outcome: DeliveryOutcome = withExtendedLifetime(context) {
            let unmanaged = Unmanaged.passUnretained(context).toOpaque()
            var options: [CURLcode] = [
                ordermail_curl_setopt_pointer(&api, handle, CURLOPT_ERRORBUFFER, errorBuffer),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_NOSIGNAL, 1),
                ordermail_curl_setopt_string(&api, handle, CURLOPT_URL, endpoint(settings)),
                ordermail_curl_setopt_debug_function(&api, handle, observeConversation),
                ordermail_curl_setopt_pointer(&api, handle, CURLOPT_DEBUGDATA, unmanaged),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_VERBOSE, 1),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000)),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000)),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, Int(settings.timeout.rounded(.up))),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_SSL_VERIFYPEER, 1),
                ordermail_curl_setopt_long(&api, handle, CURLOPT_SSL_VERIFYHOST, 2),
                ordermail_curl_setopt_long(
                    &api, handle, CURLOPT_USE_SSL, Int(settings.tls == .starttls ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue)),
            ]
            if let envelope, let message {
                options += [
                    ordermail_curl_setopt_string(&api, handle, CURLOPT_MAIL_FROM, "<\(envelope.from.address)>"),
                    ordermail_curl_setopt_slist(&api, handle, CURLOPT_MAIL_RCPT, recipients),
                    ordermail_curl_setopt_long(&api, handle, CURLOPT_UPLOAD, 1),
                    ordermail_curl_setopt_long(&api, handle, CURLOPT_INFILESIZE, message.count),
                    ordermail_curl_setopt_read_function(&api, handle, readMessage),
                    ordermail_curl_setopt_pointer(&api, handle, CURLOPT_READDATA, unmanaged),
                ]
            } else {
                options.append(ordermail_curl_setopt_long(&api, handle, CURLOPT_CONNECT_ONLY, 1))
            }
            if let caFile = settings.caFile { options.append(ordermail_curl_setopt_string(&api, handle, CURLOPT_CAINFO, caFile)) }
            if let user = settings.user, let password = settings.password {
                options.append(ordermail_curl_setopt_string(&api, handle, CURLOPT_USERNAME, user))
                options.append(ordermail_curl_setopt_string(&api, handle, CURLOPT_PASSWORD, password.value))
            }
            if let failed = options.first(where: { $0 != CURLE_OK }) {
                return .failedTemporarily(reason: "libcurl refused an option: \(String(cString: ordermail_curl_easy_strerror(&api, failed)))")
            }
            let code = ordermail_curl_easy_perform(&api, handle)
            var responseCode = 0
            _ = ordermail_curl_getinfo_long(&api, handle, CURLINFO_RESPONSE_CODE, &responseCode)
            return classify(code, responseCode: responseCode, errorText: String(cString: errorBuffer), context: context, api: api)
        }
        do {
            try record(outcome)
        } catch {
            close(handle, after: outcome, api: api)
            throw error
        }
        close(handle, after: outcome, api: api)
        return outcome
    }

    /// Closes the connection: a polite QUIT after success, bounded to a second; after a failure the
    /// socket is shut first, so that libcurl's QUIT cannot wait for a stalled server.
    private static func close(_ handle: UnsafeMutableRawPointer, after outcome: DeliveryOutcome, api: ordermail_curl_api) {
        var api = api
        _ = ordermail_curl_setopt_long(&api, handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 1)
        _ = ordermail_curl_setopt_long(&api, handle, CURLOPT_TIMEOUT_MS, 1000)
        if case .accepted = outcome {} else {
            var socket = curl_socket_t(-1)
            if ordermail_curl_getinfo_socket(&api, handle, &socket) == CURLE_OK, socket >= 0 {
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        ordermail_curl_easy_cleanup(&api, handle)
    }

    /// `smtp://host:port/ehlo-domain`: libcurl takes the EHLO name from the URL's path.
    private static func endpoint(_ settings: SMTPSettings) -> String {
        var base = settings.url
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(settings.ehloDomain)"
    }

    private static func classify(
        _ code: CURLcode, responseCode: Int, errorText: String, context: TransferContext, api: ordermail_curl_api
    ) -> DeliveryOutcome {
        var api = api
        let reply = context.lastReply ?? ""
        let reason = [errorText.isEmpty ? String(cString: ordermail_curl_easy_strerror(&api, code)) : errorText, reply]
            .filter { !$0.isEmpty }.joined(separator: "; server said: ")
        switch code {
        case CURLE_OK:
            return .accepted(reply: reply)
        case CURLE_LOGIN_DENIED:
            return .authenticationFailed(reply: reason)
        case CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CIPHER:
            return .tlsFailed(reason: reason)
        default:
            break
        }
        switch responseCode {
        case 500..<600: return .refusedPermanently(reply: reason)
        case 400..<500: return .failedTemporarily(reason: reason)
        default: break
        }
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .failedTemporarily(reason: reason)
        default:
            return context.bodyComplete ? .unknown(reason: reason) : .failedTemporarily(reason: reason)
        }
    }
}

/// libcurl, loaded with dlopen and globally initialised on first use, once per process.
private enum CurlLibrary {
    /// Written once, by Swift's thread-safe lazy initialisation of a static, and only read after.
    nonisolated(unsafe) private static let loaded: Result<ordermail_curl_api, OrderMailError> = {
        var api = ordermail_curl_api()
        if let problem = ordermail_curl_load(&api) {
            return .failure(.delivery(
                "libcurl cannot be loaded (install the Debian package libcurl4): \(String(cString: problem))", .unavailable))
        }
        guard ordermail_curl_global_init(&api) == CURLE_OK else {
            return .failure(.delivery("libcurl could not initialise", .unavailable))
        }
        return .success(api)
    }()

    static func load() throws(OrderMailError) -> ordermail_curl_api { try loaded.get() }
}

/// What the callbacks share with `send` during one transfer.
private final class TransferContext {
    let message: [UInt8]
    var offset = 0
    /// The read callback has handed over the last byte: from here on, the server may have the message.
    var bodyComplete = false
    /// The last reply line from the server before the client said QUIT.
    var lastReply: String?
    /// The client has said QUIT: later replies say nothing about the message.
    var quitting = false
    let trace: ((String) -> Void)?
    /// Between the client's AUTH and the server's final reply to it.
    var inAuthentication = false

    init(message: [UInt8], trace: ((String) -> Void)?) {
        self.message = message
        self.trace = trace
    }

    func serverSaid(_ line: String) {
        if !quitting { lastReply = line }
        trace?("S: \(line)")
        if inAuthentication, !line.hasPrefix("334") { inAuthentication = false }
    }

    func clientSaid(_ line: String) {
        if line.uppercased() == "QUIT" { quitting = true }
        if line.uppercased().hasPrefix("AUTH ") || line.uppercased() == "AUTH" { inAuthentication = true }
        trace?(inAuthentication ? "C: [redacted]" : "C: \(line)")
    }
}

/// Feeds the message to libcurl; libcurl does the dot-stuffing and sends the final `.` itself.
private func readMessage(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userData else { return Int(CURL_READFUNC_ABORT) }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    let length = min(size * count, context.message.count - context.offset)
    if length <= 0 {
        context.bodyComplete = true
        return 0
    }
    context.message[context.offset..<(context.offset + length)].withUnsafeBytes { bytes in
        guard let source = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(buffer).copyMemory(from: source, byteCount: length)
    }
    context.offset += length
    if context.offset == context.message.count { context.bodyComplete = true }
    return length
}

/// Collects the server's replies and, when asked, the conversation (never the message body).
private func observeConversation(
    _ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let data, let userData, type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
        if type == CURLINFO_HEADER_IN { context.serverSaid(String(line)) } else { context.clientSaid(String(line)) }
    }
    return 0
}
