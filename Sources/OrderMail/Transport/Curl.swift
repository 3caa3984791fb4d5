import CCurl
import Foundation
import OrderMailCore

/// One libcurl easy handle and its connection: the only file in ordermail that calls libcurl.
///
/// SMTP and IMAP set their options through ``Option``, follow the server through ``onServerLine``
/// and ``onTrace``, and read what became of a transfer from ``Result``; nothing of libcurl's own
/// types leaves this file. Several transfers on one session reuse its connection.
final class CurlSession {
    /// What a transfer is told to do.
    enum Option {
        case url(String)
        /// `CURLOPT_USERNAME` and either `CURLOPT_PASSWORD` or, with `bearer`, `CURLOPT_XOAUTH2_BEARER`.
        case login(user: String, secret: Secret, bearer: Bool)
        /// `CURLOPT_LOGIN_OPTIONS`, such as `AUTH=XOAUTH2`.
        case loginOptions(String)
        case caFile(String)
        /// Seconds to connect, and for each transfer as a whole (also the wait for any one reply).
        case timeouts(connect: Double, total: Double)
        /// STARTTLS is required (`CURLUSESSL_ALL`), or not asked for.
        case requireStartTLS(Bool)
        /// Connect, greet and log in, then stop.
        case connectOnly
        /// An SMTP transaction that uploads ``upload``.
        case mail(from: String, recipients: [String])
        /// A command of our own instead of the protocol's default request.
        case customRequest(String)
        /// The largest server line libcurl passes on whole; longer ones it cuts.
        case bufferSize(Int)
        /// Ask ``shouldStop`` while the transfer runs (libcurl's progress callback, at least once a second).
        case stoppable
    }

    /// Where a line in the trace came from.
    enum Direction { case server, client }

    /// What became of one transfer.
    struct Result {
        enum Status { case ok, loginDenied, tlsFailed, couldNotConnect, failed }
        var status: Status
        /// libcurl's own words for the failure (empty after success).
        var text: String
        /// The protocol's last reply code (SMTP's 250, 554, …), 0 when there was none.
        var responseCode: Int
        /// The transfer failed because ``CurlSession/shouldStop`` asked it to.
        var stopped = false
    }

    /// Every line the server sends, as raw bytes with its line end, in order; false stops the transfer.
    var onServerLine: (UnsafeRawBufferPointer) -> Bool = { _ in true }
    /// The conversation line by line (without line ends), server and client; never the uploaded body.
    var onTrace: (Direction, String) -> Void = { _, _ in }
    /// The message an SMTP transfer uploads, and whether it may be handed over yet.
    var upload: (bytes: [UInt8], allowed: () -> Bool)?
    /// Asked while a ``Option/stoppable`` transfer runs; true aborts it.
    var shouldStop: () -> Bool = { false }
    /// ``shouldStop`` said true: the abort was the caller's.
    private var stopRequested = false
    /// The read callback has handed over the last byte: from here on, the server may have the message.
    private(set) var uploadComplete = false

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>?] = []
    private var uploadOffset = 0
    private var closed = false

    /// A new handle; `label` (`smtp`, `imap`) starts the error message when libcurl cannot make one.
    init(label: String) throws(OrderMailError) {
        guard CurlLibrary.initialised else { throw .delivery("\(label): libcurl could not initialise", .unavailable) }
        guard let handle = curl_easy_init() else {
            throw .delivery("\(label): libcurl could not create a handle", .temporary)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        let context = Unmanaged.passUnretained(self).toOpaque()
        let fixed: [CURLcode] = [
            ordermail_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            ordermail_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ordermail_curl_setopt_debug_function(handle, curlObserveConversation),
            ordermail_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, context),
            ordermail_curl_setopt_long(handle, CURLOPT_VERBOSE, 1),
            ordermail_curl_setopt_header_function(handle, curlObserveServerLine),
            ordermail_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context),
            ordermail_curl_setopt_write_function(handle, curlDiscardBody),
            ordermail_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            ordermail_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
        ]
        if let failed = fixed.first(where: { $0 != CURLE_OK }) {
            let text = String(cString: curl_easy_strerror(failed))
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw .delivery("\(label): libcurl refused an option: \(text)", .temporary)
        }
    }

    deinit {
        if !closed { curl_easy_cleanup(handle) }
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// Sets `options`; libcurl's words when it refuses one, else nil.
    func set(_ options: [Option]) -> String? {
        for option in options {
            let code = apply(option)
            if code != CURLE_OK { return "libcurl refused an option: \(String(cString: curl_easy_strerror(code)))" }
        }
        return nil
    }

    private func apply(_ option: Option) -> CURLcode {
        switch option {
        case .url(let url):
            return ordermail_curl_setopt_string(handle, CURLOPT_URL, url)
        case .login(let user, let secret, let bearer):
            let code = ordermail_curl_setopt_string(handle, CURLOPT_USERNAME, user)
            guard code == CURLE_OK else { return code }
            return secret.withCString {
                ordermail_curl_setopt_string(handle, bearer ? CURLOPT_XOAUTH2_BEARER : CURLOPT_PASSWORD, $0)
            }
        case .loginOptions(let text):
            return ordermail_curl_setopt_string(handle, CURLOPT_LOGIN_OPTIONS, text)
        case .caFile(let path):
            return ordermail_curl_setopt_string(handle, CURLOPT_CAINFO, path)
        case .timeouts(let connect, let total):
            return [
                ordermail_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connect * 1000)),
                ordermail_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(total * 1000)),
                ordermail_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, Int(total.rounded(.up))),
            ].first { $0 != CURLE_OK } ?? CURLE_OK
        case .requireStartTLS(let required):
            return ordermail_curl_setopt_use_ssl(handle, required ? 1 : 0)
        case .connectOnly:
            return ordermail_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        case .mail(let from, let recipients):
            var list: UnsafeMutablePointer<curl_slist>?
            for recipient in recipients { list = curl_slist_append(list, recipient) }
            lists.append(list)
            let context = Unmanaged.passUnretained(self).toOpaque()
            return [
                ordermail_curl_setopt_string(handle, CURLOPT_MAIL_FROM, from),
                ordermail_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list),
                ordermail_curl_setopt_long(handle, CURLOPT_UPLOAD, 1),
                ordermail_curl_setopt_long(handle, CURLOPT_INFILESIZE, upload?.bytes.count ?? 0),
                ordermail_curl_setopt_read_function(handle, curlReadUpload),
                ordermail_curl_setopt_pointer(handle, CURLOPT_READDATA, context),
            ].first { $0 != CURLE_OK } ?? CURLE_OK
        case .customRequest(let command):
            return ordermail_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, command)
        case .bufferSize(let bytes):
            return ordermail_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, bytes)
        case .stoppable:
            let context = Unmanaged.passUnretained(self).toOpaque()
            return [
                ordermail_curl_setopt_xferinfo_function(handle, curlAskWhetherToStop),
                ordermail_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context),
                ordermail_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
            ].first { $0 != CURLE_OK } ?? CURLE_OK
        }
    }

    /// Runs one transfer with the options set so far.
    func perform() -> Result {
        errorBuffer[0] = 0
        let code = withExtendedLifetime(self) { curl_easy_perform(handle) }
        var responseCode = 0
        _ = ordermail_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        let errorText = String(cString: errorBuffer)
        let text = code == CURLE_OK ? "" : (errorText.isEmpty ? String(cString: curl_easy_strerror(code)) : errorText)
        let status: Result.Status =
            switch code {
            case CURLE_OK: .ok
            case CURLE_LOGIN_DENIED: .loginDenied
            case CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR,
                CURLE_SSL_CACERT_BADFILE,
                CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CIPHER:
                .tlsFailed
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .couldNotConnect
            default: .failed
            }
        return Result(
            status: status, text: text, responseCode: responseCode,
            stopped: code == CURLE_ABORTED_BY_CALLBACK && stopRequested)
    }

    /// On a connect-only session (which libcurl closes without a goodbye), says `command` and waits
    /// up to `seconds` for the server's reply line; nil when none came.
    func say(_ command: String, waitingUpTo seconds: Double) -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        guard send(Array((command + "\r\n").utf8), until: deadline) == nil else { return nil }
        onTrace(.client, command)
        var reply: [UInt8] = []
        while !reply.contains(UInt8(ascii: "\n")) {
            guard case .bytes(let bytes) = receive(atMost: 512, until: deadline) else { return nil }
            reply += bytes
        }
        let end = reply.firstIndex(of: UInt8(ascii: "\n")) ?? reply.endIndex
        let line = String(decoding: reply[..<end], as: UTF8.self).trimmingWhitespace
        onTrace(.server, line)
        return line
    }

    /// What ``receive(atMost:until:)`` got.
    enum Received {
        case bytes([UInt8])
        /// The server closed the connection.
        case closed
        case timedOut
        case failed(String)
    }

    /// Sends `bytes` on the connection a ``Option/connectOnly`` transfer left open (through TLS when
    /// that is on); libcurl's words when it could not by `deadline`, else nil.
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) -> String? {
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let code = bytes[offset...].withUnsafeBytes { curl_easy_send(handle, $0.baseAddress, $0.count, &sent) }
            switch code {
            case CURLE_OK: offset += sent
            case CURLE_AGAIN:
                guard wait(for: Int16(POLLOUT), until: deadline) else { return "the server took nothing for too long" }
            default: return String(cString: curl_easy_strerror(code))
            }
        }
        return nil
    }

    /// Up to `capacity` bytes that the server sent on a ``Option/connectOnly`` connection, waiting for
    /// some until `deadline`.
    func receive(atMost capacity: Int, until deadline: ContinuousClock.Instant) -> Received {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            var count = 0
            let code = buffer.withUnsafeMutableBytes { curl_easy_recv(handle, $0.baseAddress, $0.count, &count) }
            switch code {
            case CURLE_OK:
                guard count > 0 else { return .closed }
                return .bytes(Array(buffer[..<count]))
            case CURLE_AGAIN:
                guard wait(for: Int16(POLLIN), until: deadline) else { return .timedOut }
            default: return .failed(String(cString: curl_easy_strerror(code)))
            }
        }
    }

    /// Waits until the connection's socket is ready for `events`; false when `deadline` passed first.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        var socket = curl_socket_t(-1)
        guard ordermail_curl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 else { return false }
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
            var entry = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: milliseconds))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return false }
        }
    }

    /// Closes the connection, bounded to a second: after success libcurl may say goodbye (QUIT,
    /// LOGOUT); otherwise the socket is shut first, so that the goodbye cannot wait for a stalled server.
    func close(politely: Bool) {
        guard !closed else { return }
        closed = true
        _ = ordermail_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 1)
        _ = ordermail_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, 1000)
        if !politely {
            var socket = curl_socket_t(-1)
            if ordermail_curl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 {
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        curl_easy_cleanup(handle)
    }

    /// Whether the caller wants the transfer stopped (and remembers that it did).
    fileprivate func askedToStop() -> Bool {
        if shouldStop() { stopRequested = true }
        return stopRequested
    }

    /// Copies the next part of the upload into libcurl's buffer; libcurl does SMTP's dot-stuffing.
    fileprivate func readUpload(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        guard let upload, upload.allowed(), !askedToStop() else { return Int(CURL_READFUNC_ABORT) }
        let length = min(capacity, upload.bytes.count - uploadOffset)
        if length <= 0 {
            uploadComplete = true
            return 0
        }
        upload.bytes[uploadOffset..<(uploadOffset + length)].withUnsafeBytes { bytes in
            guard let source = bytes.baseAddress else { return }
            buffer.copyMemory(from: source, byteCount: length)
        }
        uploadOffset += length
        if uploadOffset == upload.bytes.count { uploadComplete = true }
        return length
    }
}

/// libcurl's global initialisation, once per process.
private enum CurlLibrary {
    /// Written once, by Swift's thread-safe lazy initialisation of a static, and only read after.
    static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}

private func curlSession(_ userData: UnsafeMutableRawPointer?) -> CurlSession? {
    userData.map { Unmanaged<CurlSession>.fromOpaque($0).takeUnretainedValue() }
}

private func curlReadUpload(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let session = curlSession(userData) else { return Int(CURL_READFUNC_ABORT) }
    return session.readUpload(into: UnsafeMutableRawPointer(buffer), capacity: size * count)
}

/// libcurl's progress callback: non-zero aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
private func curlAskWhetherToStop(
    _ userData: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
    _ uploadTotal: curl_off_t,
    _ uploaded: curl_off_t
) -> Int32 {
    guard let session = curlSession(userData) else { return 0 }
    return session.askedToStop() ? 1 : 0
}

/// libcurl passes every server line here (one call per line); returning less than it was given stops the transfer.
private func curlObserveServerLine(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let session = curlSession(userData) else { return 0 }
    let length = size * count
    return session.onServerLine(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// IMAP's untagged replies to a custom request arrive here too; ``CurlSession/onServerLine`` has them already.
private func curlDiscardBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?
) -> Int {
    size * count
}

/// Passes the protocol lines (never an uploaded body, never libcurl's informational text) to the trace.
private func curlObserveConversation(
    _ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let data, let session = curlSession(userData), type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT
    else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
        session.onTrace(type == CURLINFO_HEADER_IN ? .server : .client, String(line))
    }
    return 0
}
