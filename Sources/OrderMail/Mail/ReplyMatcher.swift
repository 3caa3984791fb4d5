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
    private let ordersByMessageID: [String: Set<Int64>]
    private let caseNumbers: PhraseIndex
    private let references: PhraseIndex
    private let awaitingHSAIDs: PhraseIndex
    private let environments: [Int64: Environment]
    private let casePattern: CasePattern?

    /// Indexes `candidates`; `casePattern` (the configuration's `case-pattern`) picks up case numbers.
    public init(candidates: [ReplyCandidate], casePattern: CasePattern? = nil) {
        var byMessageID: [String: Set<Int64>] = [:]
        var caseNumbers = PhraseIndex(), references = PhraseIndex(), hsaIDs = PhraseIndex()
        var environments: [Int64: Environment] = [:]
        for candidate in candidates {
            for id in candidate.messageIDs { byMessageID[Self.bare(id), default: []].insert(candidate.orderID) }
            for number in candidate.caseNumbers { caseNumbers.add(number, orderID: candidate.orderID) }
            if let reference = candidate.reference { references.add(reference, orderID: candidate.orderID) }
            if candidate.awaitsAnswer { hsaIDs.add(candidate.hsaID, orderID: candidate.orderID) }
            environments[candidate.orderID] = candidate.environment
        }
        ordersByMessageID = byMessageID
        self.caseNumbers = caseNumbers
        self.references = references
        awaitingHSAIDs = hsaIDs
        self.environments = environments
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
            let orders = ids.reduce(into: Set<Int64>()) { $0.formUnion(ordersByMessageID[Self.bare($1)] ?? []) }
            if let decided = decide(orders, .messageID) { return decided }
        }
        var subject = mail.subject
        if case .bounce(let report) = mail.classification, let original = report.originalSubject { subject += "\n" + original }
        if case .delayNotice(let report) = mail.classification, let original = report.originalSubject { subject += "\n" + original }
        let subjectWords = PhraseIndex.words(subject)
        let words = subjectWords + [""] + PhraseIndex.words(mail.text)
        if let decided = decide(caseNumbers.orders(in: words), .caseNumber) { return decided }
        if let decided = decide(references.orders(in: words), .reference) { return decided }
        if let environment = Self.environment(subjectWords: subjectWords, text: mail.text) {
            let orders = awaitingHSAIDs.orders(in: words).filter { environments[$0] == environment }
            if let decided = decide(orders, .hsaIDAndEnvironment) { return decided }
        }
        return .unmatched
    }

    /// Nil when `orders` is empty (try the next step), else the step's outcome.
    private func decide(_ orders: Set<Int64>, _ step: MatchStep) -> MatchOutcome? {
        switch orders.count {
        case 0: nil
        case 1: orders.first.map { .matched(orderID: $0, step: step) }
        default: .ambiguous(step: step, orderIDs: orders.sorted())
        }
    }

    /// The one environment the subject names (`QA`, `produktion`, `production`, `prod`), else the
    /// one a `Miljö:` or `Environment:` line in the text names; nil when none or both.
    static func environment(subjectWords: [String], text: String) -> Environment? {
        if let named = environment(named: subjectWords) { return named }
        var named = Set<Environment>()
        for line in text.split(separator: "\n") {
            let words = PhraseIndex.words(String(line.drop { $0 == ">" || $0 == " " }))
            guard words.count >= 2, ["miljö", "environment"].contains(words[0]) else { continue }
            if let environment = environment(named: [words[1]]) { named.insert(environment) }
        }
        return named.count == 1 ? named.first : nil
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
        var id = id.trimmingWhiteSpace
        if id.hasPrefix("<"), id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
        return id
    }
}
