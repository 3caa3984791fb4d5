import Foundation
import OrderMailCore

/// The result of `check-updates` as one document (`--format json`); personal data is masked and,
/// with `--share`, booking ids and times are left out.
public struct ComplianceReport: Codable, Equatable, Sendable {
    /// A value and how many engagements (or requests) carried it.
    public struct ValueCount: Codable, Equatable, Sendable {
        public var value: String
        public var count: Int
    }

    /// One input read.
    public struct FileSummary: Codable, Equatable, Sendable {
        public var file: String
        public var requests: Int
        public var responses: Int
        public var engagements: Int
        /// SHA-256 over the SHA-256 digests of the input's pieces as read (decompressed), in order.
        public var digest: String
        /// Bytes read from it (decompressed): each byte of every input is read exactly once.
        public var bytesRead: Int
    }

    /// Every finding of one rule: how many, and the first ones (``CheckUpdates/keptPerRule``).
    public struct RuleFindings: Codable, Equatable, Sendable {
        public var rule: String
        public var severity: Severity
        public var explanation: String
        public var count: Int
        public var findings: [ComplianceFinding]
    }

    /// One engagement of the booking `--timeline` follows.
    public struct TimelineEntry: Codable, Equatable, Sendable {
        public var capturedAt: Date?
        public var file: String
        public var line: Int
        public var action: String
        public var mostRecentContent: String?
        public var logicalAddress: String?
        /// The ids of the rules its engagement broke.
        public var rules: [String]
    }

    public var summary: ComplianceCheckSummary
    public var tkb: String
    public var filesRead: [FileSummary]
    public var responses: Int
    /// Every `sourceSystem` value seen, with its engagements (masked), most first.
    public var sourceSystems: [ValueCount]
    /// Every `logicalAddress` of the engagements checked (masked), most first.
    public var logicalAddresses: [ValueCount]
    /// Every RIVTA header `LogicalAddress` of the requests checked, most first.
    public var headerLogicalAddresses: [ValueCount]
    /// Rules with findings, errors first.
    public var rules: [RuleFindings]
    /// The engagements of the `--timeline` booking, in capture order.
    public var timeline: [TimelineEntry]?
    /// Whether `--share` left booking ids and times out.
    public var shared: Bool
    /// The check as the ledger recorded it; absent with `--no-record` or before it is recorded.
    public var recorded: RecordedComplianceCheck? = nil
    /// What the verdict could not rest on (a rule that could not run, an order of requests not established), one sentence each.
    public var limitations: [String]
    /// The system's spelling in the ledger's whitelisting order for it beside the capture's; absent
    /// when the ledger was not read or holds no such order.
    public var orderedSourceSystem: OrderedSpelling? = nil

    /// `sourceSystem` as a whitelisting order in the ledger spelt it, and as the capture spells it.
    public struct OrderedSpelling: Codable, Equatable, Sendable {
        /// The whitelisting order (`ordermail show` takes its id).
        public var order: Int64
        /// The order's environment (`qa`, `production`).
        public var environment: String?
        /// `sourceSystem` exactly as the order spelt it.
        public var ordered: String
        /// Every spelling of the system checked in the capture, with its engagements, most first.
        public var captured: [ValueCount]
        /// Whether every engagement checked spells `sourceSystem` exactly as ordered.
        public var matches: Bool
    }
}
