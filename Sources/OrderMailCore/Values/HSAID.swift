/// How strictly an HSA-id is checked.
public enum HSAIDPolicy: Sendable, Equatable {
    /// Inera's rules; `TSTNMT` ids too when `allowTestCatalogue` is set.
    case strict(allowTestCatalogue: Bool)
    /// Anything Engagemangsindex accepts in `sourceSystem` (an explicit opt-in).
    case engagementIndex
    /// Anything TAK accepts as a logical address or component: 1–255 of A–Z a–z 0–9 _ - (an explicit opt-in).
    case tak

    /// The policy for a booking system's HSA-id (`sourceSystem`) ordered or checked for
    /// `environment`: Inera's rules, with test-catalogue ids in QA only; Engagemangsindex's rule
    /// when the user opted in (`--allow-nonstandard-hsa-id`).
    public static func sourceSystem(in environment: Environment?, allowingNonstandard: Bool) -> HSAIDPolicy {
        allowingNonstandard ? .engagementIndex : .strict(allowTestCatalogue: environment == .qa)
    }
}

/// A validated HSA-id, kept exactly as given; compared and hashed case-insensitively.
public struct HSAID: Hashable, Sendable, CustomStringConvertible {
    /// How the id was accepted.
    public enum Form: String, Sendable {
        /// `SE…`, meeting Inera's rules.
        case national
        /// `TSTNMT…`, Inera's test catalogue (QA only).
        case testCatalogue = "test-catalogue"
        /// Only Engagemangsindex's rule, accepted through the explicit opt-in.
        case nonstandard
    }

    /// The id exactly as the user (or the booking system) gave it.
    public let verbatim: String
    /// How it was accepted.
    public let form: Form

    /// The upper-case form used to compare ids, as TAK stores them.
    public let normalized: String
    public var description: String { verbatim }

    /// Validates `text` under `policy`; the error names `field`.
    public init(_ text: String, policy: HSAIDPolicy, field: String = "hsa-id") throws(FieldError) {
        let analysis = HSAIDAnalysis(text)
        let example = "SE2321000016-84GX"
        if analysis.meetsStrictRules {
            if analysis.prefix == .testCatalogue {
                if case .strict(allowTestCatalogue: false) = policy {
                    throw FieldError(
                        field: field,
                        rule: "\(Quoted(text)) is an id from Inera's test catalogue (TSTNMT), valid in QA only",
                        example: example)
                }
                form = .testCatalogue
            } else {
                form = .national
            }
        } else if policy == .engagementIndex, analysis.meetsEngagementIndexRule {
            form = .nonstandard
        } else if policy == .tak, analysis.meetsTAKRule {
            form = .nonstandard
        } else if policy == .tak {
            throw FieldError(
                field: field,
                rule: "\(Quoted(text)) must be 1-255 characters of A-Z, a-z, 0-9, _ and - (TAK's rule)",
                example: example)
        } else if policy == .engagementIndex {
            throw FieldError(
                field: field,
                rule:
                    "\(Quoted(text)) must be 1-\(HSAIDAnalysis.engagementIndexMaximumLength) printable ASCII characters without white space (Engagemangsindex's rule)",
                example: example)
        } else {
            let rule = analysis.firstBrokenRule ?? "is not a valid HSA-id"
            throw FieldError(field: field, rule: "\(Quoted(text)) is not a valid HSA-id: \(rule)", example: example)
        }
        verbatim = text
        normalized = HSAIDAnalysis.upperCased(text)
    }

    public static func == (lhs: HSAID, rhs: HSAID) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
}

extension HSAID: EncodedAsText {}
