import Foundation
import OrderMailCore

/// The messages in the files and folders a user names, read one at a time: `.eml` files,
/// Outlook `.msg` files, mbox files and Maildir folders, told apart by their content. Each message
/// becomes one item (a message forwarded as an attachment becomes the attached message); a file
/// that cannot be read becomes an error item, and the rest of the batch is still read.
public struct MailSource: Sequence, IteratorProtocol {
    private var paths: [String]
    private var pending: [MailItem] = []
    private var mailbox: MboxReader?
    private var maildirFiles: [String] = []

    /// Reads `paths` in order.
    public init(paths: [String]) {
        self.paths = paths.reversed()
    }

    /// The next message or error, nil when every path has been read.
    public mutating func next() -> MailItem? {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            if mailbox != nil {
                if let item = mailbox?.next() { return item }
                mailbox = nil
            }
            if let file = maildirFiles.popLast() {
                pending = Self.readMessageFile(file)
                continue
            }
            guard let path = paths.popLast() else { return nil }
            open(path)
        }
    }

    private mutating func open(_ path: String) {
        if MaildirReader.isDirectory(path) {
            if MaildirReader.isMaildir(path) {
                maildirFiles = MaildirReader.messagePaths(in: path).reversed()
            } else {
                pending = [
                    MailItem(
                        location: path,
                        result: .failure(
                            .missingInput(path: path, reason: "is a folder but not a Maildir (it has no cur/ and new/)")
                        ))
                ]
            }
            return
        }
        switch Self.format(of: path) {
        case .mbox: mailbox = MboxReader(path: path)
        case .outlook: pending = Self.readOutlookFile(path)
        case .message: pending = Self.readMessageFile(path)
        case .unreadable(let error): pending = [MailItem(location: path, result: .failure(error))]
        }
    }

    private enum Format {
        case mbox, outlook, message
        case unreadable(OrderMailError)
    }

    /// Tells the formats apart by their first bytes: the Compound File Binary signature, `From `.
    private static func format(of path: String) -> Format {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            return .unreadable(.missingInput(path: path, reason: exists ? "cannot be read" : "no such file"))
        }
        defer { try? handle.close() }
        let start = Array((try? handle.read(upToCount: 8)) ?? Data())
        if start == CompoundFile.signature { return .outlook }
        if start.starts(with: Array("From ".utf8)) { return .mbox }
        return .message
    }

    private static func readMessageFile(_ path: String) -> [MailItem] {
        do {
            return MailItem.parsing(try MailFile.bytes(at: path), location: path)
        } catch {
            return [MailItem(location: path, result: .failure(error))]
        }
    }

    private static func readOutlookFile(_ path: String) -> [MailItem] {
        do {
            let message = try OutlookMessage(bytes: try MailFile.bytes(at: path), location: path)
            return MailItem.parsing(message.mimeBytes, location: path)
        } catch {
            return [MailItem(location: path, result: .failure(error))]
        }
    }
}
