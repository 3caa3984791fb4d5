import ArgumentParser
import Foundation
import OrderMail

/// `ordermail replies`: support's replies and bounces brought back into the ledger.
struct RepliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replies", abstract: "Bring support's replies, bounces and automatic answers into the ledger.",
        subcommands: [ImportCommand.self, FetchCommand.self])

    /// `ordermail replies fetch`: the team mailbox over IMAP, read-only.
    struct FetchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch support's mail from the team mailbox over IMAP (read-only) and import it.",
            discussion: """
                Uses imap-url, imap-user and the IMAP password source (or OAuth) in the configuration. \
                The mailbox is examined, never selected: nothing is marked read, moved or flagged. \
                Messages since the oldest order still awaiting an answer are fetched one at a time \
                and imported as 'replies import' does; the ledger remembers how far the mailbox was \
                read, so the next run downloads only what is new. A message over 40 MiB is left on \
                the server with a note.
                """)

        @OptionGroup var common: CommonOptions

        @Flag(help: "Match and report, but record nothing.")
        var dryRun = false

        @Flag(help: "Print the IMAP conversation on stderr (login redacted, no message contents).")
        var verbose = false

        func run() throws {
            let configuration = try common.configuration()
            let settings = try configuration.imapSettings(environment: CommonOptions.environment)
            let ledger = try common.openExistingLedger(configuration)
            let trace: ((String) -> Void)? = verbose ? { line in Console.note("imap: " + line) } : nil
            let importer = ImportCommand.importer(ledger, configuration, dryRun: dryRun)
            let summary = try importer.fetchAll(from: IMAPMailbox(settings: settings, trace: trace)) {
                location, outcome in
                Console.write(
                    Array(
                        (TerminalText.escaped("\(location): \(ImportCommand.describe(outcome, dryRun: dryRun))") + "\n")
                            .utf8))
            }
            try ImportCommand.finish(summary, dryRun: dryRun)
        }
    }

    /// `ordermail replies import`: messages saved as files.
    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import saved messages: Outlook .msg, .eml, mbox files and Maildir folders (read-only).",
            discussion: """
                Each message is matched to its order by In-Reply-To and References (every Message-ID \
                the order has had), then by a case number already recorded, then by the order's \
                reference, then by HSA-id and environment among orders awaiting an answer; two \
                candidates at a step match none. A reply is recorded as replied (then record the \
                answer with 'ordermail mark ID confirmed|rejected'), a bounce as bounced, an \
                automatic answer and a read receipt or delay notice as notes. Prints one line per \
                message. A message imported before records nothing new. Exits 65 when a message \
                could not be read (the rest are still imported).
                """)

        @OptionGroup var common: CommonOptions

        @Argument(help: "Message files (.msg, .eml, mbox) and Maildir folders.")
        var paths: [String] = []

        @Option(help: "A Maildir folder (cur/ and new/ are read; nothing is moved or flagged); repeatable.")
        var maildir: [String] = []

        @Option(help: "An mbox file; repeatable.")
        var mbox: [String] = []

        @Flag(help: "Match and report, but record nothing.")
        var dryRun = false

        func validate() throws {
            if paths.isEmpty, maildir.isEmpty, mbox.isEmpty {
                throw ValidationError("<paths>: name at least one file or folder")
            }
        }

        func run() throws {
            let configuration = try common.configuration()
            let ledger = try common.openExistingLedger(configuration)
            for path in paths + maildir + mbox where !FileManager.default.fileExists(atPath: path) {
                throw OrderMailError.missingInput(path: path, reason: "no such file or folder")
            }
            let importer = Self.importer(ledger, configuration, dryRun: dryRun)
            let summary = try importer.importAll(MailSource(paths: paths + maildir + mbox)) { location, outcome in
                Console.write(
                    Array((TerminalText.escaped("\(location): \(Self.describe(outcome, dryRun: dryRun))") + "\n").utf8))
            }
            try Self.finish(summary, dryRun: dryRun)
        }

        /// The use case with the configuration's case pattern, support's addresses and receipt phrases.
        static func importer(_ ledger: Ledger, _ configuration: Configuration, dryRun: Bool) -> ImportReplies {
            var importer = ImportReplies(ledger: ledger, casePattern: configuration.casePattern, dryRun: dryRun)
            importer.senders = configuration.senderRules
            importer.acknowledgement = configuration.acknowledgement
            return importer
        }

        /// The closing note, and 65 when a message could not be read.
        static func finish(_ summary: ImportReplies.Summary, dryRun: Bool) throws {
            Console.note(
                "\(summary.recorded.counted("message")) \(dryRun ? "would be recorded (--dry-run: nothing was)" : "recorded"), \(summary.ownCopies) our own copies, \(summary.alreadyRecorded) already recorded, \(summary.unmatched) matched no order, \(summary.unreadable) unreadable"
                    + (summary.skipped > 0 ? ", \(summary.skipped) skipped" : ""))
            if summary.unreadable > 0 {
                throw OrderMailError.invalidData("replies: \(summary.unreadable.counted("message")) could not be read")
            }
        }

        static func describe(_ outcome: ImportReplies.Outcome, dryRun: Bool) -> String {
            switch outcome {
            case .recorded(let order, let event, let kind, let step, let caseNumber, let because):
                "order \(order): \(kind), \(dryRun ? "would be recorded" : "recorded") as \(event.rawValue) (by \(step.rawValue))"
                    + (caseNumber.map { ", case \($0)" } ?? "")
                    + (because.map { "; \($0)" } ?? "")
            case .ownCopy(let order, let event, let how):
                "order \(order): \(how)"
                    + (event.map { ", \(dryRun ? "would be recorded" : "recorded") as \($0.rawValue)" } ?? "")
            case .alreadyRecorded(let order): "already recorded on order \(order)"
            case .unmatched(let reason): reason
            case .unreadable(let error): "unreadable: \(error.description)"
            case .skipped(let reason): "skipped: \(reason)"
            }
        }
    }
}
