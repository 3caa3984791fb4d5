import OrderMailCore

/// An Outlook `.msg` file (what classic Outlook saves, [MS-OXMSG]) turned back into an internet
/// message: the transport headers Outlook kept (`PR_TRANSPORT_MESSAGE_HEADERS`) with the body
/// (`PR_BODY`, else `PR_BODY_HTML`) as one UTF-8 part. The sender, subject and ids the transport
/// headers lack (all of them, for a message never sent over the internet) come from the message's
/// own properties.
package struct OutlookMessage {
    /// The message as RFC 5322 bytes, CRLF line ends.
    package let mimeBytes: [UInt8]

    package init(bytes: [UInt8], location: String) throws(OrderMailError) {
        do throws(MailFormatError) {
            let file = try CompoundFile(bytes: bytes)
            let properties = OutlookProperties(file: file)
            var lines: [String] = []
            if let transport = try properties.string(0x007D), !transport.trimmingWhitespace.isEmpty {
                lines = Self.headerLines(transport)
            }
            func lacks(_ name: String) -> Bool {
                !lines.contains { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            }
            if lacks("From") {
                var sender = try properties.string(0x5D01)
                if sender == nil { sender = try properties.string(0x0C1F) }
                let name = try properties.string(0x0C1A)
                if let sender { lines.append("From: " + (name.map { "\(Self.encoded($0)) <\(sender)>" } ?? sender)) }
            }
            // PR_SUBJECT, PR_INTERNET_MESSAGE_ID, PR_IN_REPLY_TO_ID, PR_INTERNET_REFERENCES.
            for (field, tag) in [
                ("Subject", 0x0037), ("Message-ID", 0x1035), ("In-Reply-To", 0x1042), ("References", 0x1039),
            ] as [(String, UInt16)]
            where lacks(field) {
                if let value = try properties.string(tag) { lines.append("\(field): \(Self.encoded(value))") }
            }
            guard !lines.isEmpty else {
                throw MailFormatError(rule: "Outlook .msg file without headers, sender or subject")
            }
            let (subtype, body): (String, String)
            if let text = try properties.string(0x1000) {
                (subtype, body) = ("plain", text)
            } else if let html = try properties.html(0x1013) {
                (subtype, body) = ("html", html)
            } else {
                (subtype, body) = ("plain", "")
            }
            lines += [
                "MIME-Version: 1.0", "Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: 8bit",
                "",
            ]
            mimeBytes = Array((lines.joined(separator: "\r\n") + "\r\n" + body.replacingLineEnds(with: "\r\n")).utf8)
        } catch {
            throw error.error(at: location)
        }
    }

    /// The transport headers' lines without the fields that described the original body, which
    /// Outlook has replaced by its own properties.
    private static func headerLines(_ headers: String) -> [String] {
        let dropped = ["content-type", "content-transfer-encoding", "mime-version"]
        var lines: [String] = []
        var dropping = false
        for line in headers.replacingLineEnds(with: "\n").split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == " " || line.first == "\t" {
                if !dropping { lines.append(String(line)) }
                continue
            }
            let name = line.split(separator: ":", maxSplits: 1).first.map { $0.trimmingWhitespace.lowercased() } ?? ""
            dropping = dropped.contains(name)
            if !dropping { lines.append(String(line)) }
        }
        return lines
    }

    /// A header text as RFC 2047 words when it is not ASCII.
    private static func encoded(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : EncodedWord.encode(text).joined(separator: " ")
    }
}

/// The message's properties kept as streams `__substg1.0_TTTTYYYY` (tag, then type: `001F`
/// UTF-16LE, `001E` 8-bit, `0102` binary).
package struct OutlookProperties {
    package let file: CompoundFile

    /// A string property, whichever of the two string types it is stored as.
    package func string(_ tag: UInt16) throws(MailFormatError) -> String? {
        let id = Self.hex(tag)
        if let units = try file.stream("__substg1.0_\(id)001F") {
            let utf16 = stride(from: 0, to: units.count - 1, by: 2).map {
                UInt16(units[$0]) | UInt16(units[$0 + 1]) << 8
            }
            return String(decoding: utf16, as: UTF16.self).trimmingNulls
        }
        if let bytes = try file.stream("__substg1.0_\(id)001E") {
            return MailCharset.decode(bytes[...], label: nil) { _ in }.trimmingNulls
        }
        return nil
    }

    /// The HTML body, stored as binary (its bytes in the message's charset) or as a string.
    package func html(_ tag: UInt16) throws(MailFormatError) -> String? {
        if let bytes = try file.stream("__substg1.0_\(Self.hex(tag))0102") {
            return MailCharset.decode(bytes[...], label: nil) { _ in }.trimmingNulls
        }
        return try string(tag)
    }

    private static func hex(_ tag: UInt16) -> String {
        let digits = String(tag, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension String {
    /// The text without the NUL characters that end strings in `.msg` properties.
    package var trimmingNulls: String {
        var text = self
        while text.last == "\0" { text.removeLast() }
        return text
    }
}
