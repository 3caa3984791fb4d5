import Foundation

/// A message in an IMAP mailbox: its UID, valid as long as the mailbox's UIDVALIDITY stays the same.
public struct IMAPMessageID: Hashable, Sendable, CustomStringConvertible {
    public var uidValidity: UInt32
    public var uid: UInt32

    public init(uidValidity: UInt32, uid: UInt32) {
        self.uidValidity = uidValidity
        self.uid = uid
    }

    /// `UIDVALIDITY/UID`, as a ledger may store it.
    public var description: String { "\(uidValidity)/\(uid)" }
}

/// One message fetched from the mailbox, byte for byte as the server holds it.
public struct FetchedMessage: Sendable, Equatable {
    public var id: IMAPMessageID
    public var bytes: [UInt8]
}

/// What `EXAMINE` said about the mailbox.
public struct MailboxStatus: Sendable, Equatable {
    public var messageCount: Int
    public var uidValidity: UInt32
}

/// The mailbox that support's replies arrive in, read without changing anything: it is opened with
/// `EXAMINE` (read-only, never SELECT) and messages are fetched with `BODY.PEEK[]`, so no flag is set.
public struct IMAPMailbox {
    public let settings: IMAPSettings
    /// Receives the IMAP conversation line by line, with every client line from LOGIN or
    /// AUTHENTICATE until its tagged reply replaced by `[redacted]`, and without message contents.
    public let trace: ((String) -> Void)?

    public init(settings: IMAPSettings, trace: ((String) -> Void)? = nil) {
        self.settings = settings
        self.trace = trace
    }

    /// Logs in and examines the mailbox, changing nothing; for `config check`.
    public func check() throws(OrderMailError) -> MailboxStatus {
        try examine(IMAPConnection(settings: settings, trace: trace))
    }

    /// The messages whose internal date is on or after the day of `since` (Swedish time), except
    /// those in `known`; oldest UID first.
    public func fetch(since: Date, skipping known: Set<IMAPMessageID> = []) throws(OrderMailError) -> [FetchedMessage] {
        let connection = try IMAPConnection(settings: settings, trace: trace)
        let status = try examine(connection)
        let search = try connection.run("UID SEARCH SINCE \(Self.searchDate(since))")
        let uids = search.untagged.filter { $0.text.uppercased().hasPrefix("* SEARCH") }
            .flatMap { $0.text.split(separator: " ").dropFirst(2).compactMap { UInt32($0) } }
        var messages: [FetchedMessage] = []
        for uid in Set(uids).sorted() {
            let id = IMAPMessageID(uidValidity: status.uidValidity, uid: uid)
            guard !known.contains(id) else { continue }
            messages.append(FetchedMessage(id: id, bytes: try body(of: uid, from: connection)))
        }
        return messages
    }

    /// Opens the mailbox read-only; the server must confirm `[READ-ONLY]`.
    private func examine(_ connection: IMAPConnection) throws(OrderMailError) -> MailboxStatus {
        let reply: IMAPResponseReader
        do { reply = try connection.run("EXAMINE \"\(settings.mailbox)\"") } catch {
            guard let refusal = connection.refusal else { throw error }
            // RFC 5530's [NONEXISTENT], or a server's own words for it: a mistyped imap-url.
            let text = refusal.text.lowercased()
            if text.hasPrefix("[nonexistent]") || text.contains("exist") || text.contains("not found") {
                throw .delivery("imap: \(settings.url): mailbox \(settings.mailbox) does not exist (check imap-url)", .configuration)
            }
            throw .delivery(
                "imap: \(settings.url): mailbox \(settings.mailbox) cannot be opened: the server said \(refusal.word) \(refusal.text.prefix(120)) (check imap-url)",
                .configuration)
        }
        guard reply.status?.text.uppercased().hasPrefix("[READ-ONLY]") == true else {
            throw .delivery("imap: \(settings.url): the server did not open the mailbox read-only; nothing fetched", .unavailable)
        }
        var status = MailboxStatus(messageCount: 0, uidValidity: 0)
        for line in reply.untagged {
            let words = line.text.split(separator: " ")
            if words.count == 3, words[2].uppercased() == "EXISTS", let count = Int(words[1]) { status.messageCount = count }
            if let range = line.text.range(of: "[UIDVALIDITY ", options: .caseInsensitive),
               let value = UInt32(line.text[range.upperBound...].prefix(while: \.isASCIIDigit)) {
                status.uidValidity = value
            }
        }
        return status
    }

    /// The whole message with UID `uid`, fetched without setting `\Seen`.
    private func body(of uid: UInt32, from connection: IMAPConnection) throws(OrderMailError) -> [UInt8] {
        let reply = try connection.run("UID FETCH \(uid) BODY.PEEK[]")
        for line in reply.untagged where line.literals.count == 1 {
            let words = line.text.uppercased().split(whereSeparator: { $0 == " " || $0 == "(" })
            if let index = words.firstIndex(of: "UID"), index + 1 < words.count, words[index + 1] == "\(uid)" {
                return line.literals[0]
            }
        }
        throw .delivery("imap: \(settings.url): the server sent no body for UID \(uid)", .unavailable)
    }

    /// `1-Dec-2026`: IMAP's date, in English, for the Swedish calendar day of `date`.
    static func searchDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        formatter.dateFormat = "d-MMM-yyyy"
        return formatter.string(from: date)
    }
}
