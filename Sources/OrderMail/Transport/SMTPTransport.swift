import CCurl
import Foundation

/// Sends one message through an SMTP server with libcurl: the only file in ordermail that calls libcurl.
///
/// The transport knows nothing of the ledger: it returns what became of the attempt, and the caller
/// records it.
public enum SMTPTransport {
    /// Hands `message` to the server in `settings` for `envelope`.
    ///
    /// - Parameter trace: receives the SMTP conversation line by line, with every client line from
    ///   AUTH until its final reply replaced by `[redacted]`; nil for no trace.
    public static func send(
        _ message: [UInt8], envelope: SMTPEnvelope, settings: SMTPSettings, trace: ((String) -> Void)? = nil
    ) throws(OrderMailError) -> DeliveryOutcome {
        try checkEnvelope(envelope)
        return try transfer(settings: settings, message: message, envelope: envelope, trace: trace)
    }

    /// Refuses an envelope address that is not a plain addr-spec: libcurl would pass CR/LF in one on
    /// to the server as commands.
    public static func checkEnvelope(_ envelope: SMTPEnvelope) throws(OrderMailError) {
        for address in [envelope.from] + envelope.recipients where !EmailAddress.isValid(address.address) {
            throw .invalidData("envelope: \(Quoted(address.address)) is not a plain address")
        }
    }

    /// Connects, greets, upgrades to TLS and logs in as `settings` say, then quits without sending.
    public static func checkLogin(settings: SMTPSettings, trace: ((String) -> Void)? = nil) throws(OrderMailError) -> DeliveryOutcome {
        try transfer(settings: settings, message: nil, envelope: nil, trace: trace)
    }

    /// One easy handle, one connection: sends `message` when given, else stops after logging in.
    private static func transfer(
        settings: SMTPSettings, message: [UInt8]?, envelope: SMTPEnvelope?, trace: ((String) -> Void)?
    ) throws(OrderMailError) -> DeliveryOutcome {
        try settings.validate()
        try CurlLibrary.initialise()
        guard let handle = curl_easy_init() else {
            throw .delivery("smtp: libcurl could not create a handle", .temporary)
        }
        let context = TransferContext(
            message: message ?? [], trace: trace, loginRequired: settings.user != nil, startTLS: settings.tls == .starttls)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        var recipients: UnsafeMutablePointer<curl_slist>?
        for address in envelope?.recipients ?? [] { recipients = curl_slist_append(recipients, address.address) }
        defer {
            curl_slist_free_all(recipients)
            errorBuffer.deallocate()
        }
        let outcome: DeliveryOutcome = withExtendedLifetime(context) {
            let unmanaged = Unmanaged.passUnretained(context).toOpaque()
            var options: [CURLcode] = [
                ordermail_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
                ordermail_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                ordermail_curl_setopt_string(handle, CURLOPT_URL, endpoint(settings)),
                ordermail_curl_setopt_debug_function(handle, observeConversation),
                ordermail_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, unmanaged),
                ordermail_curl_setopt_long(handle, CURLOPT_VERBOSE, 1),
                ordermail_curl_setopt_header_function(handle, observeReply),
                ordermail_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, unmanaged),
                ordermail_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000)),
                ordermail_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000)),
                ordermail_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, Int(settings.timeout.rounded(.up))),
                ordermail_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
                ordermail_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
                ordermail_curl_setopt_long(
                    handle, CURLOPT_USE_SSL, Int(settings.tls == .starttls ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue)),
            ]
            if let envelope, let message {
                options += [
                    ordermail_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(envelope.from.address)>"),
                    ordermail_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients),
                    ordermail_curl_setopt_long(handle, CURLOPT_UPLOAD, 1),
                    ordermail_curl_setopt_long(handle, CURLOPT_INFILESIZE, message.count),
                    ordermail_curl_setopt_read_function(handle, readMessage),
                    ordermail_curl_setopt_pointer(handle, CURLOPT_READDATA, unmanaged),
                ]
            } else {
                options.append(ordermail_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1))
            }
            if let caFile = settings.caFile { options.append(ordermail_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
            if let user = settings.user, let password = settings.password {
                options.append(ordermail_curl_setopt_string(handle, CURLOPT_USERNAME, user))
                options.append(password.withCString { ordermail_curl_setopt_string(handle, CURLOPT_PASSWORD, $0) })
            }
            if let failed = options.first(where: { $0 != CURLE_OK }) {
                return .failedTemporarily(reason: "libcurl refused an option: \(String(cString: curl_easy_strerror(failed)))")
            }
            let code = curl_easy_perform(handle)
            var responseCode = 0
            _ = ordermail_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
            return classify(code, responseCode: responseCode, errorText: String(cString: errorBuffer), context: context)
        }
        close(handle, after: outcome)
        return outcome
    }

    /// Closes the connection: a polite QUIT after success, bounded to a second; after a failure the
    /// socket is shut first, so that libcurl's QUIT cannot wait for a stalled server.
    private static func close(_ handle: UnsafeMutableRawPointer, after outcome: DeliveryOutcome) {
        _ = ordermail_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 1)
        _ = ordermail_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, 1000)
        if case .accepted = outcome {} else {
            var socket = curl_socket_t(-1)
            if ordermail_curl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 {
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        curl_easy_cleanup(handle)
    }

    /// `smtp://host:port/ehlo-domain`: libcurl takes the EHLO name from the URL's path.
    private static func endpoint(_ settings: SMTPSettings) -> String {
        var base = settings.url
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(settings.ehloDomain)"
    }

    private static func classify(_ code: CURLcode, responseCode: Int, errorText: String, context: TransferContext) -> DeliveryOutcome {
        if context.loginRequired, !context.loggedIn, code == CURLE_OK || context.stoppedForMissingLogin {
            let offered = context.offeredMechanisms.isEmpty ? "none" : context.offeredMechanisms.joined(separator: " ")
            return .authenticationFailed(
                reply: "no login took place although smtp-user is set: the server offers no AUTH mechanism ours can use (offered: \(offered))")
        }
        let reply = context.lastReply ?? ""
        let reason = [errorText.isEmpty ? String(cString: curl_easy_strerror(code)) : errorText, reply]
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
        // Microsoft 365's answer to a From: the account may not send as (554 5.2.252 SendAsDenied).
        case 500..<600 where reply.contains("SendAsDenied") || reply.contains("5.2.252"): return .authenticationFailed(reply: reason)
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

/// libcurl's global initialisation, once per process.
private enum CurlLibrary {
    /// Written once, by Swift's thread-safe lazy initialisation of a static, and only read after.
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func initialise() throws(OrderMailError) {
        guard initialised else { throw .delivery("smtp: libcurl could not initialise", .unavailable) }
    }
}

/// What the callbacks share with `transfer` during one connection.
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

    init(message: [UInt8], trace: ((String) -> Void)?, loginRequired: Bool, startTLS: Bool) {
        self.message = message
        self.trace = trace
        self.loginRequired = loginRequired
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
        if loginRequired, offeredMechanisms.isEmpty {
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

/// Feeds the message to libcurl; libcurl does the dot-stuffing and sends the final `.` itself.
private func readMessage(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userData else { return Int(CURL_READFUNC_ABORT) }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    if context.loginRequired, !context.loggedIn { return Int(CURL_READFUNC_ABORT) }
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

/// Follows the server's replies, line by line: the last reply, the AUTH mechanisms offered, the
/// `235` that proves a login. Returning less than it was given stops the transfer.
private func observeReply(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?) -> Int {
    guard let data, let userData else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    let length = size * count
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
        guard context.serverReplied(String(line)) else { return 0 }
    }
    return length
}

/// Passes the conversation to the trace (never the message body) and notes the client's AUTH and QUIT.
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
