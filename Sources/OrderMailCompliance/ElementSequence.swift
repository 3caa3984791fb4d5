import OrderMailCore

/// Checks the children of one element against an `xs:sequence` of named elements in one
/// namespace, followed by an `xs:any namespace='##other'` (elements of any other, non-empty
/// namespace, only after the named ones). A repeatable last element allows `repeatsLast`.
///
/// Names are compared as indexes into the reader's ``XMLVocabulary`` (no string is made or
/// hashed per element); a message that names an element makes its name then.
package struct ElementSequence {
    package enum Outcome: Equatable {
        /// One of the sequence's elements, by its position (its namespace possibly wrong: `problem` says so).
        case named(Int, problem: String?)
        /// An element the `xs:any` takes (or that is out of place, with `problem`).
        case other(problem: String?)
    }

    /// A sequence's element names, with whether each is required, and where each stands.
    package struct Schema: Sendable {
        package let names: [(name: String, required: Bool)]
        /// The position of each of the vocabulary's local names in the sequence (-1: not in it).
        let positions: [Int]
        /// The namespace index the elements belong in.
        let namespace: Int
        /// The namespace as text, for messages.
        let namespaceText: String

        init(_ names: [(name: String, required: Bool)], namespace: String, vocabulary: XMLVocabulary) {
            self.names = names
            self.namespace = vocabulary.namespace(namespace)
            namespaceText = namespace
            var positions = [Int](repeating: -1, count: vocabulary.localNames.count)
            for (position, entry) in names.enumerated() { positions[vocabulary.localName(entry.name)] = position }
            self.positions = positions
        }
    }

    package let schema: Schema
    package var repeatsLast = false
    private var next = 0
    private var inOtherPart = false
    private var seenLast = false
    /// Required elements found missing so far.
    package private(set) var missing: [String] = []

    init(_ schema: Schema, repeatsLast: Bool = false) {
        self.schema = schema
        self.repeatsLast = repeatsLast
    }

    mutating func accept(_ element: XMLStartTag) -> Outcome {
        let names = schema.names
        let position = element.localName.map { schema.positions[$0] } ?? -1
        let inNamespace = element.namespace == schema.namespace
        guard position >= 0 else {
            if inNamespace || element.namespace == nil && element.name.namespace.isEmpty {
                return .other(problem: "unexpected element \(element.name.localName)")
            }
            inOtherPart = true
            return .other(problem: nil)
        }
        func namespaceProblem() -> String? {
            guard !inNamespace else { return nil }
            let name = element.name
            return
                "\(name.localName) must be in namespace \(schema.namespaceText), not \(name.namespace.isEmpty ? "none" : name.namespace)"
        }
        if repeatsLast, position == names.count - 1, seenLast, !inOtherPart {
            return .named(position, problem: namespaceProblem())
        }
        let inOrder = position >= next && !inOtherPart
        if position >= next {
            if position > next { missing += names[next..<position].filter(\.required).map(\.name) }
            next = position + 1
        }
        if position == names.count - 1 { seenLast = true }
        return .named(
            position,
            problem: inOrder ? namespaceProblem() : "\(names[position].name) is out of the schema's order (or repeated)"
        )
    }

    /// The required elements never found; call once, at the parent's end.
    package mutating func finish() -> [String] {
        if next < schema.names.count { missing += schema.names[next...].filter(\.required).map(\.name) }
        next = schema.names.count
        return missing
    }
}
