import Foundation
import OrderMailCore
import OrderMailMailFormat

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

/// One message as ``IMAPMailbox/fetch(since:after:each:)`` hands it over.
public enum FetchedItem: Sendable, Equatable {
    case message(FetchedMessage)
    /// Left on the server: its `RFC822.SIZE` is over ``IMAPMailbox/largestMessage``.
    case tooLarge(IMAPMessageID, bytes: Int)
}

/// How far a mailbox has been read: the highest UID fetched under one UIDVALIDITY.
public struct MailboxPosition: Sendable, Equatable {
    public var uidValidity: UInt32
    public var lastUID: UInt32

    public init(uidValidity: UInt32, lastUID: UInt32) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
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

    /// The messages whose internal date is on or after the day of `since` (Swedish time), all held
    /// at once, oldest UID first; messages over ``largestMessage`` are left out. For a mailbox of a
    /// few messages (the tests); ``fetch(since:after:each:)`` takes one at a time.
    public func fetch(since: Date) throws(OrderMailError) -> [FetchedMessage] {
        var messages: [FetchedMessage] = []
        _ = try fetch(since: since, after: nil) { (item: FetchedItem) throws(OrderMailError) in
            if case .message(let message) = item { messages.append(message) }
        }
        return messages
    }

    /// The largest message fetched (``MailLimits/maximumMessageBytes``, 40 MiB); a larger one is
    /// skipped, by its `RFC822.SIZE`, with a note.
    public static let largestMessage = MailLimits.maximumMessageBytes
    /// The longest reply line taken: a `UID SEARCH` answer is one line (16 MiB is about 1.5 million UIDs).
    public static let longestLine = 16 * 1024 * 1024

    /// Fetches, one at a time and oldest UID first, the messages whose internal date is on or after
    /// the day of `since` (Swedish time) and, when `position` still holds (the same UIDVALIDITY),
    /// whose UID is above its last one; each is handed to `each` as it arrives, before the next is
    /// asked for. Returns where the mailbox now stands: the next run, given it, downloads only what is new.
    public func fetch(
        since: Date, after position: MailboxPosition?, each: (FetchedItem) throws(OrderMailError) -> Void
    ) throws(OrderMailError) -> MailboxPosition {
        let connection = try IMAPConnection(settings: settings, trace: trace)
        let status = try examine(connection)
        let after = position.flatMap { $0.uidValidity == status.uidValidity ? $0.lastUID : nil } ?? 0
        let range = after > 0 ? "UID \(after + 1):* " : ""
        let search = try connection.run(
            "UID SEARCH \(range)SINCE \(Self.searchDate(since))", longestLine: Self.longestLine)
        let uids = search.untagged.filter { $0.text.uppercased().hasPrefix("* SEARCH") }
            .flatMap { $0.text.split(separator: " ").dropFirst(2).compactMap { UInt32($0) } }
        var reached = MailboxPosition(uidValidity: status.uidValidity, lastUID: after)
        let wanted = Set(uids).filter { $0 > after }.sorted()
        for start in stride(from: 0, to: wanted.count, by: Self.sizesPerCommand) {
            let chunk = wanted[start..<min(start + Self.sizesPerCommand, wanted.count)]
            let sizes = try self.sizes(of: chunk, from: connection)
            for uid in chunk {
                let id = IMAPMessageID(uidValidity: status.uidValidity, uid: uid)
                // A UID with no size was expunged since the search: nothing to fetch.
                if let size = sizes[uid] {
                    if size > Self.largestMessage {
                        try each(.tooLarge(id, bytes: size))
                    } else {
                        try each(.message(FetchedMessage(id: id, bytes: try body(of: uid, from: connection))))
                    }
                }
                reached.lastUID = uid
            }
        }
        return reached
    }

    /// How many messages' sizes one `UID FETCH` asks for.
    static let sizesPerCommand = 500

    /// Opens the mailbox read-only; the server must confirm `[READ-ONLY]`.
    private func examine(_ connection: IMAPConnection) throws(OrderMailError) -> MailboxStatus {
        let reply: IMAPResponseReader
        do { reply = try connection.run("EXAMINE \"\(settings.mailbox)\"") } catch {
            guard let refusal = connection.refusal else { throw error }
            // RFC 5530's [NONEXISTENT], or a server's own words for it: a mistyped imap-url.
            let text = refusal.text.lowercased()
            if text.hasPrefix("[nonexistent]") || text.contains("exist") || text.contains("not found") {
                throw .delivery(
                    "imap: \(settings.url): mailbox \(settings.mailbox) does not exist (check imap-url)", .configuration
                )
            }
            throw .delivery(
                "imap: \(settings.url): mailbox \(settings.mailbox) cannot be opened: the server said \(refusal.word) \(refusal.text.prefix(120)) (check imap-url)",
                .configuration)
        }
        guard reply.status?.text.uppercased().hasPrefix("[READ-ONLY]") == true else {
            throw .delivery(
                "imap: \(settings.url): the server did not open the mailbox read-only; nothing fetched", .unavailable)
        }
        var status = MailboxStatus(messageCount: 0, uidValidity: 0)
        for line in reply.untagged {
            let words = line.text.split(separator: " ")
            if words.count == 3, words[2].uppercased() == "EXISTS", let count = Int(words[1]) {
                status.messageCount = count
            }
            if let range = line.text.range(of: "[UIDVALIDITY ", options: .caseInsensitive),
                let value = UInt32(line.text[range.upperBound...].prefix(while: \.isASCIIDigit))
            {
                status.uidValidity = value
            }
        }
        return status
    }

    /// The sizes the server gives for the messages with UIDs `uids` (expunged ones have none).
    private func sizes(of uids: ArraySlice<UInt32>, from connection: IMAPConnection) throws(OrderMailError) -> [UInt32:
        Int]
    {
        let reply = try connection.run("UID FETCH \(uids.map(String.init).joined(separator: ",")) (RFC822.SIZE)")
        var sizes: [UInt32: Int] = [:]
        for line in reply.untagged {
            let words = line.text.uppercased().split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
            guard words.count > 2, words[2] == "FETCH", let index = words.firstIndex(of: "UID"),
                index + 1 < words.count,
                let uid = UInt32(words[index + 1].prefix(10)), let sizeIndex = words.firstIndex(of: "RFC822.SIZE"),
                sizeIndex + 1 < words.count
            else { continue }
            guard let size = Int(words[sizeIndex + 1].prefix(12)) else {
                throw .delivery("imap: \(settings.url): the server gave no readable size for UID \(uid)", .unavailable)
            }
            sizes[uid] = size
        }
        return sizes
    }

    /// The whole message with UID `uid`, fetched without setting `\Seen`.
    private func body(of uid: UInt32, from connection: IMAPConnection) throws(OrderMailError) -> [UInt8] {
        let reply = try connection.run("UID FETCH \(uid) BODY.PEEK[]", largestLiteral: Self.largestMessage)
        for line in reply.untagged where line.literals.count == 1 {
            let words = line.text.uppercased().split(whereSeparator: { $0 == " " || $0 == "(" })
            if let index = words.firstIndex(of: "UID"), index + 1 < words.count, words[index + 1] == "\(uid)" {
                return line.literals[0]
            }
        }
        throw .delivery("imap: \(settings.url): the server sent no body for UID \(uid)", .unavailable)
    }

    /// `1-Dec-2026`: IMAP's date, in English, for the Swedish calendar day of `date`.
    static func searchDate(_ date: Date) -> String { DateFormats.imapSearchDate(date) }
}
