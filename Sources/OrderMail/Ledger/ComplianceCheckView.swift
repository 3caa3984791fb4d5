import OrderMailCore

/// How `checks list` and `checks show` print compliance checks; everything passes through
/// ``TerminalText`` first.
public enum ComplianceCheckView {
    /// One line per check, newest first: id, when, system, environment, rule set, verdict, and
    /// whether it counts.
    public static func table(_ checks: [ComplianceCheckRecord]) -> String {
        if checks.isEmpty { return "no compliance checks\n" }
        let header = ["ID", "CHECKED", "SOURCE SYSTEM", "ENV", "RULES", "VERDICT", "ERRORS", "STATE"]
        let rows = checks.map { check in
            [
                String(check.id), check.checkedAt, check.sourceSystem, check.environment ?? "",
                "\(check.ruleSet) v\(check.ruleSetVersion)",
                check.verdict.rawValue, String(check.errors), check.withdrawal == nil ? "counts" : "withdrawn",
            ].map { TerminalText.escaped($0) }
        }
        return TextTable([header] + rows).lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object per line, keys in alphabetical order.
    public static func jsonLines(_ checks: [ComplianceCheckRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        for check in checks {
            var json = JSONLine(into: &bytes)
            json.member("capturedFrom", check.capturedFrom, into: &bytes)
            json.member("capturedUntil", check.capturedUntil, into: &bytes)
            json.member("checkedAt", check.checkedAt, into: &bytes)
            json.member("engagements", check.engagements, into: &bytes)
            json.member("environment", check.environment, into: &bytes)
            json.member("errors", check.errors, into: &bytes)
            json.member("files", check.files, into: &bytes)
            json.member("id", check.id, into: &bytes)
            json.member("indexAddress", check.indexAddress, into: &bytes)
            json.member("inputSHA256", check.inputSHA256, into: &bytes)
            json.member(
                "logicalAddresses",
                check.logicalAddresses.isEmpty ? nil : check.logicalAddresses.joined(separator: " "), into: &bytes)
            json.member("notes", check.notes, into: &bytes)
            json.member("recordedBy", check.recordedBy, into: &bytes)
            json.member("requests", check.requests, into: &bytes)
            json.member("ruleSet", check.ruleSet, into: &bytes)
            json.member("ruleSetVersion", check.ruleSetVersion, into: &bytes)
            json.member("sourceSystem", check.sourceSystem, into: &bytes)
            json.member("verdict", check.verdict.rawValue, into: &bytes)
            json.member("warnings", check.warnings, into: &bytes)
            json.member("withdrawnAt", check.withdrawal?.at, into: &bytes)
            json.member("withdrawnBy", check.withdrawal?.recordedBy, into: &bytes)
            json.member("withdrawnNote", check.withdrawal?.note, into: &bytes)
            json.finish(into: &bytes)
        }
        return bytes
    }

    /// Every field of one check, one per line, and its withdrawal.
    public static func text(_ check: ComplianceCheckRecord) -> String {
        let fields: [(String, String?)] = [
            ("compliance check", String(check.id)),
            ("checked at", check.checkedAt),
            (
                "checked by",
                check.recordedBy + (check.osUser.map { $0 == check.recordedBy ? "" : " (account \($0))" } ?? "")
            ),
            ("rule set", "\(check.ruleSet), version \(check.ruleSetVersion)"),
            ("environment", check.environment ?? "(not given)"),
            ("source system", "\(check.sourceSystem) (\(check.sourceSystemForm))"),
            ("index address", check.indexAddress ?? "(not kept before schema 8)"),
            ("files", String(check.files)),
            ("requests", String(check.requests)),
            ("engagements", String(check.engagements)),
            ("findings", "\(check.errors) errors, \(check.warnings) warnings, \(check.notes) notes"),
            ("captured", check.capturedFrom.map { "\($0) to \(check.capturedUntil ?? $0)" } ?? "(no time known)"),
            (
                "logicalAddress",
                check.recordedAsOrder ? "(not kept before schema 8)" : check.logicalAddresses.joined(separator: ", ")
            ),
            ("inputs sha256", check.inputSHA256),
            ("verdict", check.verdict.rawValue),
            (
                "recorded",
                check.recordedAsOrder
                    ? "as order \(check.id), before schema 8, by ordermail \(check.toolVersion)"
                    : "by ordermail \(check.toolVersion)"
            ),
            (
                "state",
                check.withdrawal.map { "withdrawn at \($0.at) by \($0.recordedBy): \($0.note ?? "")" } ?? "counts"
            ),
        ]
        let width = fields.map(\.0.count).max() ?? 0
        return fields.compactMap { name, value in
            value.map { name + ":" + String(repeating: " ", count: width - name.count + 1) + TerminalText.escaped($0) }
        }.joined(separator: "\n") + "\n"
    }
}
