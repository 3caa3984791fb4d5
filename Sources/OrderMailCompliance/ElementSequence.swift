import OrderMailCore

/// Checks the children of one element against an `xs:sequence` of named elements in one
/// namespace, followed by an `xs:any namespace='##other'` (elements of any other, non-empty
/// namespace, only after the named ones). A repeatable last element allows `repeatsLast`.
package struct ElementSequence {
    package enum Outcome: Equatable {
        /// One of the sequence's elements (its namespace possibly wrong: `problem` says so).
        case named(String, problem: String?)
        /// An element the `xs:any` takes (or that is out of place, with `problem`).
        case other(problem: String?)
    }

    /// A sequence's element names, with whether each is required, and where each stands.
    package struct Schema: Sendable {
        package let names: [(name: String, required: Bool)]
        package let positions: [String: Int]

        package init(_ names: [(name: String, required: Bool)]) {
            self.names = names
            positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1.name, $0) })
        }
    }

    package let schema: Schema
    private var names: [(name: String, required: Bool)] { schema.names }
    package let namespace: String
    package var repeatsLast = false
    private var next = 0
    private var inOtherPart = false
    private var seenLast = false
    /// Required elements found missing so far.
    package private(set) var missing: [String] = []

    package init(_ schema: Schema, namespace: String, repeatsLast: Bool = false) {
        self.schema = schema
        self.namespace = namespace
        self.repeatsLast = repeatsLast
    }

    package mutating func accept(_ element: XMLName) -> Outcome {
        let namespaceProblem = element.namespace == namespace
            ? nil : "\(element.localName) must be in namespace \(namespace), not \(element.namespace.isEmpty ? "none" : element.namespace)"
        guard let position = schema.positions[element.localName] else {
            if element.namespace == namespace || element.namespace.isEmpty {
                return .other(problem: "unexpected element \(element.localName)")
            }
            inOtherPart = true
            return .other(problem: nil)
        }
        if repeatsLast, position == names.count - 1, seenLast, !inOtherPart {
            return .named(element.localName, problem: namespaceProblem)
        }
        let inOrder = position >= next && !inOtherPart
        if position >= next {
            missing += names[next..<position].filter(\.required).map(\.name)
            next = position + 1
        }
        if position == names.count - 1 { seenLast = true }
        return .named(element.localName, problem: inOrder ? namespaceProblem : "\(element.localName) is out of the schema's order (or repeated)")
    }

    /// The required elements never found; call once, at the parent's end.
    package mutating func finish() -> [String] {
        missing += names[min(next, names.count)...].filter(\.required).map(\.name)
        next = names.count
        return missing
    }
}
