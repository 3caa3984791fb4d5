import Foundation
import OrderMailCore
import OrderMailMailFormat

/// A whitelisting order read back from the message saved from Sent Items (`.eml`, or `.msg` from
/// classic Outlook), for `record --from-message`: its Message-ID, date, recipients and the order's
/// fields from its text, in either of the templates' languages.
public enum SavedOrderMessage {
    /// The order's fields, by the labels the Swedish and English templates give them.
    private static let labels:
        [(field: WritableKeyPath<WhitelistingOrderRequest, SourcedValue?> & Sendable, names: [String])] = [
            (\.environment, ["Miljö", "Environment"]),
            (\.sourceSystem, ["HSA-id för tidbokningssystemet", "HSA-id of the booking system"]),
            (\.sourceSystem, nonstandardLabels),
            (\.systemName, ["Tidbokningssystemets namn", "Name of the booking system"]),
            (\.vendor, ["Leverantör", "Supplier"]),
            (\.requestedDate, ["Önskat datum för vitlistningen", "Requested date for the whitelisting"]),
            (\.reference, ["Vårt ärendenummer", "Our case number"]),
            (\.contactEmail, ["E-post", "E-mail"]),
            (\.contactPhone, ["Telefon", "Phone"]),
        ]
    /// The label of an id that does not follow Inera's HSA-id rules (`--allow-nonstandard-hsa-id`).
    private static let nonstandardLabels = ["Tidbokningssystemets id", "Id of the booking system"]
    private static let contactLabels = ["Kontaktperson:", "Contact person:"]
    /// The statement a production order makes (`--confirm-compliance`).
    private static let complianceStatements = [
        "har säkerställt att tidbokningssystemet följer", "has made sure that the booking system follows",
    ]

    /// The order in the message at `path`; `region` when the message does not name one.
    public static func read(_ path: String, region: SourcedValue?) throws(OrderMailError) -> PlacedOrder {
        let bytes = try MailFile.bytes(at: path)
        let mime =
            bytes.starts(with: CompoundFile.signature)
            ? try OutlookMessage(bytes: bytes, location: path).mimeBytes : bytes
        let mail = try ParsedMail(bytes: mime, location: path)
        let source = InputSource.file(path)
        var request = WhitelistingOrderRequest()
        let lines = mail.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for (index, line) in lines.enumerated() {
            for (field, names) in labels {
                guard request[keyPath: field] == nil, let name = names.first(where: { line.hasPrefix($0 + ":") }) else {
                    continue
                }
                let value = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { continue }
                request[keyPath: field] = SourcedValue(value, from: source)
                if nonstandardLabels.contains(name) { request.allowsNonstandardHSAID = true }
                if name == "Miljö" { request.language = .sv } else if name == "Environment" { request.language = .en }
            }
            // "Name, Region (region HSA-id)" on the line after the contact label.
            if contactLabels.contains(line), index + 1 < lines.count {
                let contact = lines[index + 1]
                if let comma = contact.range(of: ", ") {
                    request.contactName = SourcedValue(String(contact[..<comma.lowerBound]), from: source)
                    var region = String(contact[comma.upperBound...])
                    if region.hasSuffix(")"), let open = region.range(of: " (", options: .backwards) {
                        request.regionHSAID = SourcedValue(
                            String(region[open.upperBound..<region.index(before: region.endIndex)]), from: source)
                        region = String(region[..<open.lowerBound])
                    }
                    request.region = SourcedValue(region, from: source)
                } else if !contact.isEmpty {
                    request.contactName = SourcedValue(contact, from: source)
                }
            }
        }
        guard request.environment != nil, request.sourceSystem != nil else {
            throw .invalidData(
                "\(path): not a whitelisting order ordermail's templates wrote: no line 'Miljö:' or 'Environment:' with the booking system's id after it"
            )
        }
        if request.region == nil { request.region = region }
        if request.contactEmail == nil, let from = addresses(mail.headers["From"]).first {
            request.contactEmail = SourcedValue(from, from: source)
        }
        request.complianceConfirmed = complianceStatements.contains { mail.text.contains($0) }
        var placed = PlacedOrder(
            request: request, sentAt: mail.date, messageID: mail.messageID, supportCase: nil, status: .sent,
            location: path)
        if mail.date == nil {
            placed.readingProblems.append(
                .invalidField(
                    FieldError(
                        field: "Date", rule: "the message has no readable Date: header: when it was sent is not known"),
                    source: source))
        }
        placed.recipients = addresses(mail.headers["To"])
        placed.copies = addresses(mail.headers["Cc"])
        return placed
    }

    /// The addresses of an address header (`Name <a@b.se>, c@d.se`), without names.
    static func addresses(_ header: String?) -> [String] {
        guard let header else { return [] }
        return header.split(separator: ",").compactMap { part in
            let text = part.trimmingCharacters(in: .whitespaces)
            if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
                return String(text[text.index(after: open)..<close])
            }
            return text.contains("@") ? text : nil
        }
    }
}
