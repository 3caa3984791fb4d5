import OrderMailCore

/// The prefixes Swedish and English mail clients put before a subject they answer or forward.
public enum SubjectPrefixes {
    /// Every prefix recognised, compared without regard to case; the longest first.
    package static let all = [
        "Automatiskt svar:", "Automatic reply:", "Olevererbart:", "Undeliverable:", "Fwd:", "Läst:", "Read:",
        "SV:", "RE:", "VB:", "FW:", "AW:", "WG:",
    ]
    /// The prefixes of forwarded messages.
    package static let forward = ["Fwd:", "FW:", "VB:", "WG:"]
    /// The prefixes Exchange gives automatic replies.
    package static let automatic = ["Automatiskt svar:", "Automatic reply:"]

    /// The subject without its reply and forward prefixes (`SV: Re: VB: …`), repeated, in any case.
    public static func strip(_ subject: String) -> String {
        var rest = Substring(subject.trimmingWhitespace)
        while let prefix = leadingPrefix(of: rest, among: all) {
            rest = rest.dropFirst(prefix.count).drop { $0 == " " || $0 == "\t" }
        }
        return String(rest)
    }

    /// The automatic-reply prefix the subject starts with, if any.
    package static func automaticReplyPrefix(of subject: String) -> String? {
        leadingPrefix(of: Substring(subject.trimmingWhitespace), among: automatic)
    }

    /// Whether the subject starts with a forward prefix (`FW:`, `VB:`, …).
    package static func isForward(_ subject: String) -> Bool {
        leadingPrefix(of: Substring(subject.trimmingWhitespace), among: forward) != nil
    }

    private static func leadingPrefix(of text: Substring, among prefixes: [String]) -> String? {
        prefixes.first { text.prefix($0.count).lowercased() == $0.lowercased() }
    }
}
