/// Ties a received message to the order it is about, in four steps; the first step that finds
/// exactly one order wins, and a step that finds two or more ends the matching with none chosen
/// (never a guess):
/// 1. `In-Reply-To`, then `References`, against every Message-ID an order has had (a report —
///    bounce, delay, read receipt — through the Message-ID of the message it reports on);
/// 2. a case number recorded on an order, in the subject or body;
/// 3. an order's reference, in the subject or body;
/// 4. the HSA-id in the subject or body together with the environment, among orders still
///    awaiting an answer.
/// Built once over all candidates; matching a message then looks words up, whatever their number.
public struct ReplyMatcher: Sendable {
    private let candidates: [ReplyCandidate]
    /// Message-ID to the first candidate (an index into `candidates`) that had it; others in `moreByMessageID`.
    private let byMessageID: [String: Int]
    private let moreByMessageID: [String: [Int]]
    private let caseNumbers: PhraseIndex
    private let references: PhraseIndex
    private let awaitingHSAIDs: PhraseIndex
    private let casePattern: CasePattern?

    /// Indexes `candidates`; `casePattern` (the configuration's `case-pattern`) picks up case numbers.
    public init(candidates: [ReplyCandidate], casePattern: CasePattern? = nil) {
        var byMessageID: [String: Int] = [:], moreByMessageID: [String: [Int]] = [:]
        var caseNumbers = PhraseIndex(), references = PhraseIndex(), hsaIDs = PhraseIndex()
        for (index, candidate) in candidates.enumerated() {
            for id in Set(candidate.messageIDs.map(Self.bare)) {
                if byMessageID[id] == nil { byMessageID[id] = index } else { moreByMessageID[id, default: []].append(index) }
            }
            for number in candidate.caseNumbers { caseNumbers.add(number, owner: index) }
            if let reference = candidate.reference { references.add(reference, owner: index) }
            // An activation order is about units, not one HSA-id: it has none to match by.
            if candidate.awaitsAnswer, !candidate.hsaID.isEmpty { hsaIDs.add(candidate.hsaID, owner: index) }
        }
        self.candidates = candidates
        self.byMessageID = byMessageID
        self.moreByMessageID = moreByMessageID
        self.caseNumbers = caseNumbers
        self.references = references
        awaitingHSAIDs = hsaIDs
        self.casePattern = casePattern
    }

    /// Matches `mail` against `candidates` (for one message; build a matcher for many).
    public static func match(_ mail: ParsedMail, candidates: [ReplyCandidate], casePattern: CasePattern? = nil) -> MatchResult {
        ReplyMatcher(candidates: candidates, casePattern: casePattern).match(mail)
    }

    /// Which order `mail` belongs to, and the case numbers found in it.
    public func match(_ mail: ParsedMail) -> MatchResult {
        MatchResult(outcome: outcome(mail), caseNumbers: casePattern?.caseNumbers(in: mail) ?? [])
    }

    private func outcome(_ mail: ParsedMail) -> MatchOutcome {
        let idGroups = mail.classification.originalMessageID.map { [[$0]] } ?? [mail.inReplyTo, mail.references]
        for ids in idGroups {
            var found = Set<Int>()
            for id in ids.map(Self.bare) {
                if let first = byMessageID[id] { found.insert(first) }
                found.formUnion(moreByMessageID[id] ?? [])
            }
            if let decided = decide(found, .messageID) { return decided }
        }
        var subject = mail.subject
        if case .bounce(let report) = mail.classification, let original = report.originalSubject { subject += "\n" + original }
        if case .delayNotice(let report) = mail.classification, let original = report.originalSubject { subject += "\n" + original }
        let subjectWords = PhraseIndex.words(subject)
        let words = subjectWords + [""] + PhraseIndex.words(mail.text)
        let withCaseNumber = caseNumbers.owners(in: words) { index, found in
            candidates[index].caseNumbers.contains { PhraseIndex.words($0)[...] == found }
        }
        if let decided = decide(withCaseNumber, .caseNumber) { return decided }
        let withReference = references.owners(in: words) { index, found in
            candidates[index].reference.map { PhraseIndex.words($0)[...] == found } ?? false
        }
        if let decided = decide(withReference, .reference) { return decided }
        if let environment = Self.environment(subjectWords: subjectWords, words: words) {
            let withHSAID = awaitingHSAIDs.owners(in: words) { index, found in
                candidates[index].environment == environment && PhraseIndex.words(candidates[index].hsaID)[...] == found
            }
            if let decided = decide(withHSAID, .hsaIDAndEnvironment) { return decided }
        }
        return .unmatched
    }

    /// Nil when `found` (indexes into `candidates`) is empty, so the next step is tried; else the step's outcome.
    private func decide(_ found: Set<Int>, _ step: MatchStep) -> MatchOutcome? {
        let orders = Set(found.map { candidates[$0].orderID }).sorted()
        switch orders.count {
        case 0: return nil
        case 1: return .matched(orderID: orders[0], step: step)
        default: return .ambiguous(step: step, orderIDs: orders)
        }
    }

    /// The one environment the subject names (`QA`, `produktion`, `production`, `prod`), else the
    /// one that follows the word `Miljö` or `Environment` (`Miljö: QA`) in the subject or body;
    /// nil when none or both.
    static func environment(subjectWords: [String], words: [String]) -> Environment? {
        if let named = environment(named: subjectWords) { return named }
        let labelled = zip(words, words.dropFirst()).compactMap { label, value in
            label == "miljö" || label == "environment" ? value : nil
        }
        return environment(named: labelled)
    }

    private static func environment(named words: [String]) -> Environment? {
        let named = Set(words.compactMap { word -> Environment? in
            switch word {
            case "qa": .qa
            case "produktion", "production", "prod": .production
            default: nil
            }
        })
        return named.count == 1 ? named.first : nil
    }

    private static func bare(_ id: String) -> String {
        var id = id.trimmingWhitespace
        if id.hasPrefix("<"), id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
        return id
    }
}
