import OrderMailCore

/// A `Content-Type` value: `type/subtype` in lower case and its parameters.
package struct MediaType: Sendable, Equatable {
    /// `text`, `multipart`, `message`, …
    package var type: String
    /// `plain`, `html`, `mixed`, `report`, `rfc822`, …
    package var subtype: String
    /// Parameter names in lower case; values unquoted.
    package var parameters: [String: String]

    /// `type/subtype`.
    package var essence: String { "\(type)/\(subtype)" }

    /// Plain text in US-ASCII, what a part without a `Content-Type` is (RFC 2045 section 5.2).
    package static let defaultText = MediaType(type: "text", subtype: "plain", parameters: [:])
    /// What a part of a `multipart/digest` is without a `Content-Type`.
    package static let defaultDigestPart = MediaType(type: "message", subtype: "rfc822", parameters: [:])

    package init(type: String, subtype: String, parameters: [String: String]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses `type/subtype; name=value; name="quoted value"`; nil when there is no `type/subtype`.
    package init?(parsing value: String) {
        var pieces = MediaType.splitParameters(value)
        guard !pieces.isEmpty else { return nil }
        let essence = pieces.removeFirst().lowercased().split(separator: "/", maxSplits: 1)
        guard essence.count == 2 else { return nil }
        let type = essence[0].trimmingWhitespace
        let subtype = essence[1].trimmingWhitespace
        guard !type.isEmpty, !subtype.isEmpty else { return nil }
        var parameters: [String: String] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingWhitespace.lowercased()
            var text = piece[piece.index(after: equals)...].trimmingWhitespace
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = MediaType.unquote(text.dropFirst().dropLast())
            }
            if parameters[name] == nil { parameters[name] = text }
        }
        self.init(type: type, subtype: subtype, parameters: parameters)
    }

    /// Splits at the semicolons outside quoted strings.
    private static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces.map(\.trimmingWhitespace).filter { !$0.isEmpty }
    }

    private static func unquote(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}
