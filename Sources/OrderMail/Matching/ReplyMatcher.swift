import OrderMailCore
import OrderMailMailFormat

/// Ties a received message to the order it is about, in steps; the first step that finds exactly
/// one order wins. A step that finds several narrows rather than stops: the later steps, then the
/// environment the subject names and the HSA-id, choose among those candidates, and only when they
/// cannot is the message ambiguous, naming them (never a guess):
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
    private var byMessageID: [String: Int]
    private var moreByMessageID: [String: [Int]]
    private let caseNumbers: PhraseIndex
    private let references: PhraseIndex
    private let awaitingHSAIDs: PhraseIndex
    private let casePattern: CasePattern?

    /// Indexes `candidates`; `casePattern` (the configuration's `case-pattern`) picks up case numbers.
    public init(candidates: [ReplyCandidate], casePattern: CasePattern? = nil) {
        var byMessageID: [String: Int] = [:]
        var moreByMessageID: [String: [Int]] = [:]
        var caseNumbers = PhraseIndex()
        var references = PhraseIndex()
        var hsaIDs = PhraseIndex()
        for (index, candidate) in candidates.enumerated() {
            for id in Set(candidate.messageIDs.map(Self.bare)) {
                if byMessageID[id] == nil {
                    byMessageID[id] = index
                } else {
                    moreByMessageID[id, default: []].append(index)
                }
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
    public static func match(_ mail: ParsedMail, candidates: [ReplyCandidate], casePattern: CasePattern? = nil)
        -> MatchResult
    {
        ReplyMatcher(candidates: candidates, casePattern: casePattern).match(mail)
    }

    /// Which order `mail` belongs to, and the case numbers found in it.
    public func match(_ mail: ParsedMail) -> MatchResult {
        MatchResult(outcome: outcome(mail), caseNumbers: casePattern?.caseNumbers(in: mail) ?? [])
    }

    /// The orders that have had `messageID` (ours, or the one a server gave), for recognising our own copies.
    public func orders(withMessageID messageID: String) -> [Int64] {
        let id = Self.bare(messageID)
        let indexes = (byMessageID[id].map { [$0] } ?? []) + (moreByMessageID[id] ?? [])
        return Set(indexes.map { candidates[$0].orderID }).sorted()
    }

    /// Adds a Message-ID learnt for order `orderID` (from our copy in the team mailbox), so that
    /// the rest of a batch matches replies to it.
    public mutating func learn(messageID: String, forOrder orderID: Int64) {
        let id = Self.bare(messageID)
        guard let index = candidates.firstIndex(where: { $0.orderID == orderID }),
            !orders(withMessageID: id).contains(orderID)
        else { return }
        if byMessageID[id] == nil { byMessageID[id] = index } else { moreByMessageID[id, default: []].append(index) }
    }

    /// Whether `mail`'s `In-Reply-To` or `References` names one of order `orderID`'s Message-IDs.
    public func quotesMessageID(of orderID: Int64, in mail: ParsedMail) -> Bool {
        (mail.inReplyTo + mail.references).contains { orders(withMessageID: $0).contains(orderID) }
    }

    private func outcome(_ mail: ParsedMail) -> MatchOutcome {
        // Each step narrows the orders the steps before it found, if it finds any among them: one
        // order left is the match; a step that finds none of them is passed over.
        var pool: Set<Int>?
        var firstStep: MatchStep?
        func narrow(_ found: Set<Int>, _ step: MatchStep) -> MatchOutcome? {
            let within = pool.map { found.intersection($0) } ?? found
            let orders = Set(within.map { candidates[$0].orderID })
            if orders.isEmpty { return nil }
            if orders.count == 1, let order = orders.first { return .matched(orderID: order, step: step) }
            pool = within
            if firstStep == nil { firstStep = step }
            return nil
        }
        let idGroups = mail.classification.originalMessageID.map { [[$0]] } ?? [mail.inReplyTo, mail.references]
        for ids in idGroups {
            var found = Set<Int>()
            for id in ids.map(Self.bare) {
                if let first = byMessageID[id] { found.insert(first) }
                found.formUnion(moreByMessageID[id] ?? [])
            }
            if let decided = narrow(found, .messageID) { return decided }
        }
        var subject = mail.subject
        if case .bounce(let report) = mail.classification, let original = report.originalSubject {
            subject += "\n" + original
        }
        if case .delayNotice(let report) = mail.classification, let original = report.originalSubject {
            subject += "\n" + original
        }
        let subjectWords = PhraseIndex.words(subject)
        let words = subjectWords + [""] + PhraseIndex.words(mail.text)
        let withCaseNumber = caseNumbers.owners(in: words) { index, found in
            candidates[index].caseNumbers.contains { PhraseIndex.words($0)[...] == found }
        }
        if let decided = narrow(withCaseNumber, .caseNumber) { return decided }
        let withReference = references.owners(in: words) { index, found in
            candidates[index].reference.map { PhraseIndex.words($0)[...] == found } ?? false
        }
        if let decided = narrow(withReference, .reference) { return decided }
        let environment = Self.environment(subjectWords: subjectWords, words: words)
        if let found = pool {
            // Among several candidates: the environment the subject names, then the HSA-id.
            if let environment,
                let decided = narrow(found.filter { candidates[$0].environment == environment }, .environment)
            {
                return decided
            }
            if let decided = narrow(
                found.filter { Self.contains(words, PhraseIndex.words(candidates[$0].hsaID)) }, .hsaID)
            {
                return decided
            }
        } else if let environment {
            let withHSAID = awaitingHSAIDs.owners(in: words) { index, found in
                candidates[index].environment == environment && PhraseIndex.words(candidates[index].hsaID)[...] == found
            }
            if let decided = narrow(withHSAID, .hsaIDAndEnvironment) { return decided }
        }
        guard let pool, let firstStep else { return .unmatched }
        return .ambiguous(step: firstStep, orderIDs: Set(pool.map { candidates[$0].orderID }).sorted())
    }

    /// Whether `phrase` occurs in `words` as a run of whole words.
    private static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { words[$0..<($0 + phrase.count)].elementsEqual(phrase) }
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
        let named = Set(
            words.compactMap { word -> Environment? in
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
