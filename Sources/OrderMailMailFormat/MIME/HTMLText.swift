import OrderMailCore

/// Readable text from an HTML body, for replies sent as HTML only: tags dropped, block elements
/// and `<br>` as line ends, `<script>`, `<style>` and `<head>` left out, entities decoded.
package enum HTMLText {
    package static func text(_ html: String) -> String {
        var output = ""
        var skipUntil: String?
        var index = html.startIndex
        // Once a `<` has no `>` after it, no later one has: stop looking, so the work stays linear.
        var closesRemain = true
        while index < html.endIndex {
            let character = html[index]
            if character == "<", html[index...].hasPrefix("<!--") {
                // A comment (Outlook's conditional ones hold markup): skip to its end.
                index = html[index...].range(of: "-->")?.upperBound ?? html.endIndex
                continue
            }
            if character == "<", closesRemain,
                let close = html[index...].firstIndex(of: ">")
                    ?? {
                        closesRemain = false
                        return nil
                    }()
            {
                let tag = html[html.index(after: index)..<close]
                let name = String(tag.prefix { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "!" }).lowercased()
                index = html.index(after: close)
                if let end = skipUntil {
                    if name == end { skipUntil = nil }
                    continue
                }
                switch name {
                case "script", "style", "head", "title": skipUntil = "/" + name
                case "br", "br/", "/p", "/div", "/tr", "/h1", "/h2", "/h3", "/h4", "/li", "/table", "/blockquote", "hr":
                    output.append("\n")
                case "p", "div", "tr", "li", "blockquote", "table", "h1", "h2", "h3", "h4":
                    while output.hasSuffix(" ") { output.removeLast() }
                    if !output.isEmpty, !output.hasSuffix("\n") { output.append("\n") }
                case "td", "th": output.append(" ")
                default: break
                }
                continue
            }
            index = html.index(after: index)
            if skipUntil != nil { continue }
            output.append(
                character == "\r\n" || character == "\n" || character == "\r" || character == "\t" ? " " : character)
        }
        return tidy(decodeEntities(output))
    }

    /// Collapses runs of spaces, trims each line and keeps at most one empty line in a row.
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
            let tidied = words.joined(separator: " ")
            if tidied.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(tidied)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "auml": "ä", "aring": "å", "ouml": "ö", "Auml": "Ä", "Aring": "Å", "Ouml": "Ö",
        "eacute": "é", "Eacute": "É", "uuml": "ü", "Uuml": "Ü", "ndash": "–", "mdash": "—",
        "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "hellip": "…", "copy": "©",
    ]

    /// `&amp;`, `&auml;`, `&#229;`, `&#xE5;`; an unknown entity stays as written.
    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";") {
                let name = after[..<semicolon]
                if let value = entity(name) {
                    output += value
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            output.append("&")
            rest = after
        }
        return output + rest
    }

    private static func entity(_ name: Substring) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) } }
        return namedEntities[String(name)]
    }
}
