import Foundation
import Testing

@testable import OrderMail

/// Races between two connections to one ledger, made certain rather than likely: the second
/// connection's busy handler tells the test that it is waiting for the write lock the first holds
/// (`BEGIN IMMEDIATE`), and only then does the first go on.
@Suite("Ledger races, with the busy handler as barrier")
struct LedgerRaceTests {
    /// A transport that accepts every message and counts them.
    final class CountingTransport: MailTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var sent = 0
        var count: Int { lock.withLock { sent } }
        var timeout: Double { 60 }

        func send(_ message: [UInt8], envelope: SMTPEnvelope) throws(OrderMailError) -> DeliveryOutcome {
            lock.withLock { sent += 1 }
            return .accepted(reply: "250 2.0.0 Ok: queued")
        }
    }

    /// A transport that cannot even try, as when `curl_easy_init` fails.
    struct ThrowingTransport: MailTransport {
        var timeout: Double { 60 }
        func send(_ message: [UInt8], envelope: SMTPEnvelope) throws(OrderMailError) -> DeliveryOutcome {
            throw .delivery("smtp: libcurl could not create a handle", .temporary)
        }
    }

    /// What the second connection's work gave, handed across threads.
    final class Outcome<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Result<T, OrderMailError>?
        let done = DispatchSemaphore(value: 0)
        var result: Result<T, OrderMailError>? { lock.withLock { stored } }
        func finish(_ result: Result<T, OrderMailError>) {
            lock.withLock { stored = result }
            done.signal()
        }
    }

    /// Holds `first`'s write lock while `second`'s work (on a thread of its own) starts and waits for
    /// it; then runs `whileHeld` under the lock, commits, and waits for the second's outcome.
    static func race<T>(
        first: Ledger, path: LedgerLocation, second work: @escaping (Ledger) throws(OrderMailError) -> T,
        whileHeld: () throws(OrderMailError) -> Void
    ) throws -> Result<T, OrderMailError>? {
        let waiting = DispatchSemaphore(value: 0)
        let second = try #require(try Ledger.open(path, create: false, onWait: { waiting.signal() }))
        let outcome = Outcome<T>()
        nonisolated(unsafe) let connection = second
        nonisolated(unsafe) let job = work
        try first.inOneTransaction { () throws(OrderMailError) in
            Thread { outcome.finish(Result { () throws(OrderMailError) -> T in try job(connection) }) }.start()
            guard waiting.wait(timeout: .now() + 60) == .success else {
                throw .ledger("the second connection never waited", .temporary)
            }
            try whileHeld()
        }
        _ = outcome.done.wait(timeout: .now() + 60)
        return outcome.result
    }

    /// A reply from support to the order's Message-ID.
    static func reply(to messageID: String) throws -> ParsedMail {
        try ParsedMail(
            bytes: mailBytes([
                "From: Support <e-tjanster@1177.se>",
                "To: anna.andersson@regionstockholm.se",
                "Subject: SV: Beställning av vitlistning",
                "Message-ID: <reply-1@1177.se>",
                "In-Reply-To: <\(messageID)>",
                "Date: Mon, 23 Nov 2026 09:00:00 +0100",
                "",
                "Hej! Vi har tagit emot beställningen.",
            ]), location: "reply.eml")
    }

    @Test func aTransportThatThrowsIsRecordedAsATemporaryFailure() throws {
        let ledger = try LedgerTests.newLedger()
        let id = try LedgerTests.record(in: ledger)
        let record = try #require(try ledger.order(id: id))
        let delivery = try SendOrder(ledger: ledger, transport: ThrowingTransport()).sendStored(record, retry: false)
        #expect(delivery.outcome == .failedTemporarily(reason: "smtp: libcurl could not create a handle"))
        #expect(try ledger.events(ofOrder: id).map(\.type) == [.draft, .sending, .failedTemporary])
        #expect(try ledger.events(ofOrder: id).last?.detail == "smtp: libcurl could not create a handle")
        #expect(try ledger.status(ofOrder: id) == .failedTemporary)
    }

    @Test func aSecondSendThatWaitedForTheLockIsRefusedOnceTheFirstHasSent() throws {
        let first = try LedgerTests.newLedger()
        let id = try LedgerTests.record(in: first)
        let record = try #require(try first.order(id: id))
        let transport = CountingTransport()
        let result = try Self.race(
            first: first, path: first.location,
            second: { (ledger) throws(OrderMailError) in
                try SendOrder(ledger: ledger, transport: transport).sendStored(record, retry: false)
            },
            whileHeld: { () throws(OrderMailError) in
                _ = try SendOrder(ledger: first, transport: transport).sendStored(record, retry: false)
            })
        #expect(transport.count == 1, "one message reached the server")
        guard case .failure(let error) = result else {
            Issue.record("the second send was not refused: \(String(describing: result))")
            return
        }
        #expect(error == .ledger("order \(id) is sent, so it cannot be sent", .data))
        #expect(try first.events(ofOrder: id).map(\.type) == [.draft, .sending, .sent])
    }

    @Test func aSecondImportThatWaitedForTheLockRecordsNothing() throws {
        let first = try LedgerTests.newLedger()
        let id = try LedgerTests.record(in: first, event: .sent)
        let reply = try Self.reply(to: try #require(try first.order(id: id)).messageID)
        let result = try Self.race(
            first: first, path: first.location,
            second: { (ledger) throws(OrderMailError) in
                try ImportReplies(ledger: ledger, casePattern: nil).importMail(reply)
            },
            whileHeld: { () throws(OrderMailError) in
                let outcome = try ImportReplies(ledger: first, casePattern: nil).importMail(reply)
                guard case .recorded(id, .replied, _, _, _, _) = outcome else {
                    throw .invalidData("the first import gave \(outcome)")
                }
            })
        #expect(result.flatMap { try? $0.get() } == .alreadyRecorded(order: id))
        #expect(try first.events(ofOrder: id).map(\.type) == [.sent, .replied])
    }

    @Test func theLedgerRefusesToRecordOneMessageTwice() throws {
        let ledger = try LedgerTests.newLedger()
        let id = try LedgerTests.record(in: ledger, event: .sent)
        let reply = try Self.reply(to: "order@example.org")
        let mail = ReceivedMessage(bytes: reply.bytes, sha256: reply.sha256, messageID: reply.messageID)
        try ledger.append(EventDraft(type: .replied, mail: mail), toOrder: id, at: Date())
        #expect(
            throws: OrderMailError.ledger(
                "ledger: this message (SHA-256 \(Quoted(reply.sha256))) is recorded already on order \(id); it is recorded once only",
                .data)
        ) {
            try ledger.append(EventDraft(type: .notice, mail: mail), toOrder: id, at: Date())
        }
        #expect(try ledger.events(ofOrder: id).map(\.type) == [.sent, .replied])
    }

    @Test func aMarkThatWaitedForTheLockIsRefusedWhileAnotherProcessSends() throws {
        let first = try LedgerTests.newLedger()
        let id = try LedgerTests.record(in: first)
        let attempt = SendingAttempt.current(timeout: 60, now: Date())
        let result = try Self.race(
            first: first, path: first.location,
            second: { (ledger) throws(OrderMailError) in
                try ledger.append(
                    EventDraft(type: .sent, detail: "sent by hand", note: "from Outlook"), toOrder: id, at: Date())
            },
            whileHeld: { () throws(OrderMailError) in
                try first.append(EventDraft(type: .sending, attempt: attempt), toOrder: id, at: Date())
            })
        guard case .failure(let error) = result else {
            Issue.record("the mark was not refused: \(String(describing: result))")
            return
        }
        #expect(
            error
                == .ledger(
                    "order \(id) is being sent now by process \(getpid()) on \(attempt.host): sent cannot be recorded until that send ends and records its outcome",
                    .data))
        // The sending connection records its own outcome.
        try first.append(EventDraft(type: .sent, detail: "250 2.0.0 Ok: queued"), toOrder: id, at: Date())
        #expect(try first.events(ofOrder: id).map(\.type) == [.draft, .sending, .sent])
    }
}
