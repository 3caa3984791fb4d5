import Foundation
import OrderMailCore

/// Who is sending an order: recorded with its `sending` event, so that an attempt whose process
/// is gone (killed, crashed, its host rebooted) is told from one still in progress.
public struct SendingAttempt: Equatable, Sendable {
    public var host: String
    public var processID: Int32
    /// The process's start time in clock ticks since boot (`/proc/PID/stat`), which tells a
    /// reused process id from the original.
    public var processStart: UInt64
    /// After this moment the attempt is over whatever its process does: the transaction's
    /// timeout plus a minute.
    public var deadline: Date

    /// The attempt this process is about to make, given the SMTP transaction's timeout.
    public static func current(timeout: Double, now: Date) -> SendingAttempt {
        SendingAttempt(
            host: ProcessInfo.processInfo.hostName, processID: getpid(), processStart: processStart(of: getpid()) ?? 0,
            deadline: now.addingTimeInterval(timeout + 60))
    }

    /// `host=… pid=… start=… until=…`, as the ledger keeps it.
    public var text: String {
        "host=\(host) pid=\(processID) start=\(processStart) until=\(DateFormats.timestamp(deadline))"
    }

    /// Reads the ledger's text; nil when it is not one.
    public init?(text: String) {
        var fields: [String: String] = [:]
        for part in text.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let host = fields["host"], let pid = fields["pid"].flatMap({ Int32($0) }),
            let start = fields["start"].flatMap({ UInt64($0) }),
            let deadline = fields["until"].flatMap(DateFormats.date(fromTimestamp:))
        else { return nil }
        self.init(host: host, processID: pid, processStart: start, deadline: deadline)
    }

    public init(host: String, processID: Int32, processStart: UInt64, deadline: Date) {
        self.host = host
        self.processID = processID
        self.processStart = processStart
        self.deadline = deadline
    }

    /// Whether the attempt is certainly over at `now`: past its deadline, or its process (on this
    /// host) is gone. An attempt from another host is trusted until its deadline.
    public func isOver(at now: Date) -> Bool {
        if now > deadline { return true }
        guard host == ProcessInfo.processInfo.hostName else { return false }
        return Self.processStart(of: processID) != processStart
    }

    /// Field 22 of `/proc/PID/stat`; nil when there is no such process.
    static func processStart(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // The fields after the command name (which may hold spaces) start with field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}
