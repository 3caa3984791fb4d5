import OrderMailCore

/// The text a person reads in a message: its plain-text body, else its HTML body as text.
package enum MailBodyText {
    /// The first readable body in `part`: in `multipart/alternative` the plain text before the
    /// HTML, elsewhere the first inline text part; attachments and attached messages are skipped.
    package static func text(of part: MIMEPart, notes: inout [String]) -> String? {
        switch part.mediaType.type {
        case "multipart":
            let inline = part.children.filter { !$0.isAttachment }
            if part.mediaType.subtype == "alternative" {
                for subtype in ["plain", "html"] {
                    if let child = inline.first(where: { $0.mediaType.essence == "text/\(subtype)" }) {
                        return text(of: child, notes: &notes)
                    }
                }
            }
            for child in inline {
                if let text = text(of: child, notes: &notes) { return text }
            }
            return nil
        case "text" where !part.isAttachment:
            switch part.mediaType.subtype {
            case "plain": return decoded(part, notes: &notes)
            case "html": return HTMLText.text(decoded(part, notes: &notes))
            default: return nil
            }
        default:
            return nil
        }
    }

    /// The part's text with line ends as LF; a `format=flowed` text unflowed.
    private static func decoded(_ part: MIMEPart, notes: inout [String]) -> String {
        if part.body.count > MailLimits.maximumTextBytes {
            notes.append(
                "text part of \(part.body.count / 1_000_000) MB: only its first \(MailLimits.maximumTextBytes / 1_048_576) MB were read"
            )
        }
        let bytes = part.decodedBody(limit: MailLimits.maximumTextBytes)
        var text = MailCharset.decode(bytes[...], label: part.mediaType.parameters["charset"]) { notes.append($0) }
        if text.utf8.contains(0x0D) { text = text.replacingLineEnds(with: "\n") }
        if part.mediaType.parameters["format"]?.lowercased() == "flowed" {
            text = FlowedText.unflow(text, deleteSpace: part.mediaType.parameters["delsp"]?.lowercased() == "yes")
        }
        return text
    }
}
