import Foundation
import OrderMailCore

/// What one user has seen of a ledger: the highest event sequence and its hash, kept in the user's
/// own state folder (`$XDG_STATE_HOME/ordermail/`, `~/.local/state/ordermail/` when unset; the folder
/// 0700, each file 0600), one file per ledger.
///
/// The hash chain has no key: a team member who can write the ledger can delete its newest events
/// or change an order and recompute the chain, and `ledger verify` still passes. What this user has
/// already seen cannot be changed that way unnoticed: a ledger whose event at the witnessed sequence
/// is gone or has another hash is refused. A change to events no user has read yet is not caught.
public struct LedgerWitness: Sendable, Equatable {
    /// The folder the witness files are in.
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// The user's witness folder, from `XDG_STATE_HOME` or `HOME`.
    public static func forUser(environment: [String: String]) -> LedgerWitness {
        let stateHome =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.local/state"
        return LedgerWitness(folder: "\(stateHome)/ordermail")
    }

    /// The highest event a user has seen of a ledger.
    public struct Seen: Equatable, Sendable {
        public var sequence: Int64
        public var hash: String
    }

    /// The witness file of the ledger at `ledgerPath` (named by the SHA-256 of its absolute path).
    public func file(for ledgerPath: String) -> String {
        let absolute = URL(fileURLWithPath: ledgerPath).standardizedFileURL.resolvingSymlinksInPath().path
        return "\(folder)/witness-\(SHA256.hex(absolute).prefix(32))"
    }

    /// What this user saw of the ledger at `ledgerPath`, or nil when nothing (or the file is unreadable).
    public func seen(_ ledgerPath: String) -> Seen? {
        guard let text = try? String(contentsOfFile: file(for: ledgerPath), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("head ") {
            let words = line.split(separator: " ")
            guard words.count == 3, let sequence = Int64(words[1]), words[2].count == 64 else { return nil }
            return Seen(sequence: sequence, hash: String(words[2]))
        }
        return nil
    }

    /// The first difference between what this user saw and `ledger`, as a sentence, or nil.
    public func divergence(of ledger: Ledger) throws(OrderMailError) -> String? {
        guard let seen = seen(ledger.location.path), seen.sequence > 0 else { return nil }
        guard let hash = try ledger.hash(atSequence: seen.sequence) else {
            return "events you saw are gone (sequence \(seen.sequence))"
        }
        return hash == seen.hash ? nil : "events you saw were changed (sequence \(seen.sequence))"
    }

    /// Refuses a ledger that is shorter than, or diverges from, what this user saw.
    public func check(_ ledger: Ledger) throws(OrderMailError) {
        if let divergence = try divergence(of: ledger) {
            throw .ledger("ledger: \(ledger.location.path): \(divergence): run ordermail ledger verify", .data)
        }
    }

    /// Notes the ledger's head, when it is beyond what this user saw.
    public func note(_ ledger: Ledger) throws(OrderMailError) {
        let head = try ledger.head()
        if let seen = seen(ledger.location.path), seen.sequence >= head.sequence { return }
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotWrite(
                    path: folder, reason: "the ledger's witness folder cannot be made: \(error.localizedDescription)")
            }
        }
        let text = "ordermail ledger witness\nledger \(ledger.location.path)\nhead \(head.sequence) \(head.hash)\n"
        try OutputFile.write(Array(text.utf8), to: file(for: ledger.location.path), overwrite: true)
    }
}

extension Ledger {
    /// The newest link's sequence and hash, an order's event or a compliance check's (0 and the
    /// genesis hash for an empty ledger).
    func head() throws(OrderMailError) -> LedgerWitness.Seen {
        guard let head = try chainHead() else { return LedgerWitness.Seen(sequence: 0, hash: Self.genesisHash) }
        return LedgerWitness.Seen(sequence: head.sequence, hash: head.hash)
    }

    /// The stored hash of the link at `sequence` (an order's event or a compliance check's), if there is one.
    func hash(atSequence sequence: Int64) throws(OrderMailError) -> String? {
        try run {
            try database.query(
                "SELECT hash FROM events WHERE sequence = ? UNION ALL SELECT hash FROM check_events WHERE sequence = ?",
                [.integer(sequence), .integer(sequence)])
        }.first?.first?.text
    }
}
