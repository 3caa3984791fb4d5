/// The language an order's text is written in.
public enum Language: String, Encodable, Sendable, CaseIterable {
    case sv
    case en
}
