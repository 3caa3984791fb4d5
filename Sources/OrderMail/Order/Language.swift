/// The language an order's text is written in.
public enum Language: String, Codable, Sendable, CaseIterable {
    case sv
    case en
}
