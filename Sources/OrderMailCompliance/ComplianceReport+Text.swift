import Foundation
import OrderMailCore

extension ComplianceReport {
    /// How many findings of each rule the text report shows.
    public static let shownPerRule = 10

    /// The report as text for a person: the summary, the values seen, each rule's first findings
    /// with its count, the timeline when asked for, and the verdict line.
    public var text: String {
        let summary = summary
        var lines: [String] = []
        let withoutRequest = filesRead.filter { $0.requests + $0.responses == 0 }.count
        lines.append(
            "files: \(filesRead.count) read" + (withoutRequest > 0 ? " (\(withoutRequest) without any request)" : "")
                + ", \(filesRead.reduce(0) { $0 + $1.bytesRead }.counted("byte")) read once"
                + (filesRead.count > 1 && filesRead.count <= Self.shownPerRule
                    ? " (" + filesRead.map { "\($0.file): \($0.bytesRead)" }.joined(separator: ", ") + ")" : ""))
        lines.append(
            "requests: \(summary.requests), responses: \(responses), engagements checked: \(summary.engagements) of \(summary.sourceSystem.isEmpty ? "no system" : summary.sourceSystem)"
        )
        if let from = summary.capturedFrom, let until = summary.capturedUntil {
            let (first, last) = (
                DateFormats.reportMoment(from, dayOnly: shared), DateFormats.reportMoment(until, dayOnly: shared)
            )
            lines.append("captured: \(first) to \(last) (Europe/Stockholm)")
        } else {
            lines.append("captured: no timestamp found")
        }
        lines.append("sourceSystem: " + Self.list(sourceSystems))
        if let ordered = orderedSourceSystem {
            let place = "whitelisting order \(ordered.order)" + (ordered.environment.map { ", \($0)" } ?? "")
            let verdict =
                ordered.captured.isEmpty
                ? "no engagement of it in the capture"
                : ordered.matches
                    ? "the capture spells it the same"
                    : "the capture spells it " + Self.list(ordered.captured) + ": they differ"
            lines.append("sourceSystem as ordered: \(ordered.ordered) (\(place)): \(verdict)")
        }
        lines.append("logicalAddress: " + Self.list(logicalAddresses))
        lines.append("header LogicalAddress: " + Self.list(headerLogicalAddresses))
        lines.append("rules: \(summary.ruleSet) (ordermail rule set \(summary.ruleSetVersion))")
        lines.append(
            "findings: \(summary.errors.counted("error")), \(summary.warnings.counted("warning")), \(summary.notes.counted("note"))"
        )
        for rule in rules {
            lines.append("")
            lines.append("\(rule.severity.rawValue) \(rule.rule) (\(rule.count)): \(rule.explanation)")
            for finding in rule.findings.prefix(Self.shownPerRule) { lines.append("  " + Self.describe(finding)) }
            let more = rule.count - min(rule.findings.count, Self.shownPerRule)
            if more > 0 { lines.append("  and \(more) more") }
        }
        if let timeline {
            lines.append("")
            lines.append("timeline: \(timeline.count.counted("engagement")) of the booking")
            for entry in timeline {
                var line =
                    "  \(entry.capturedAt.map { DateFormats.reportMoment($0, dayOnly: shared) } ?? "time unknown") \(entry.file):\(entry.line) \(entry.action)"
                if let content = entry.mostRecentContent { line += " mostRecentContent \(content)" }
                if let address = entry.logicalAddress { line += " logicalAddress \(address)" }
                if !entry.rules.isEmpty { line += " [\(entry.rules.joined(separator: ", "))]" }
                lines.append(line)
            }
        }
        lines.append("")
        let limits = limitations.map { "; " + $0 }.joined()
        lines.append(
            summary.verdict == .pass
                ? "verdict: PASS: no errors against the rules that can be checked from the requests" + limits
                : "verdict: FAIL: \(summary.errors.counted("error")) against the rules that can be checked from the requests"
                    + limits)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func list(_ values: [ValueCount]) -> String {
        guard !values.isEmpty else { return "none" }
        let shown = values.prefix(shownPerRule).map { "\($0.value) (\($0.count))" }.joined(separator: ", ")
        return values.count > shownPerRule ? shown + ", and \(values.count - shownPerRule) more" : shown
    }

    private static func describe(_ finding: ComplianceFinding) -> String {
        var place = finding.file
        if let line = finding.line { place += ":\(line)" }
        var parts = [place]
        if let request = finding.request {
            parts.append("request \(request)" + (finding.engagement.map { ", engagement \($0)" } ?? ""))
        }
        if let booking = finding.booking { parts.append("booking \(booking.debugDescription)") }
        var text = parts.joined(separator: " ") + ": " + finding.message
        if let field = finding.field, let value = finding.value { text += " (\(field): \(value.debugDescription))" }
        return text
    }
}

extension ComplianceRule {
    /// `--list-rules`: one line per rule with its id, severity, explanation and source.
    public static var listing: String {
        "ordermail rule set \(CheckUpdates.ruleSetVersion)\n"
            + all.map { "\($0.id) [\($0.severity.rawValue)] \($0.explanation). Source: \($0.source)" }.joined(
                separator: "\n") + "\n"
    }
}
