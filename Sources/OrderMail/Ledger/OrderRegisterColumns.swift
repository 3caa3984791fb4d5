import Foundation
import OrderMailCore

/// The columns of the register a team keeps in Excel: what `list --format csv` writes and
/// `record --from-csv` reads, with their English and Swedish header names.
public enum RegisterColumn: String, CaseIterable, Sendable {
    case order, kind, environment
    case hsaID = "hsa_id"
    case systemName = "system_name"
    case vendor, contact
    case contactEmail = "contact_email"
    case reference
    case supportCase = "case"
    case messageID = "message_id"
    case requestedDate = "requested_date"
    case sentAt = "sent_at"
    case answeredAt = "answered_at"
    case effectiveDate = "effective_date"
    case status
    case nextStep = "next_step"

    /// The header's name in `language`.
    public func name(_ language: RegisterHeaders) -> String {
        language == .en ? rawValue : Self.swedish[self] ?? rawValue
    }

    private static let swedish: [RegisterColumn: String] = [
        .order: "beställning", .kind: "typ", .environment: "miljö", .hsaID: "hsa-id", .systemName: "system",
        .vendor: "leverantör", .contact: "kontaktperson", .contactEmail: "e-post", .reference: "referens",
        .supportCase: "ärende", .messageID: "message-id", .requestedDate: "önskat datum", .sentAt: "skickad",
        .answeredAt: "besvarad", .effectiveDate: "gäller från", .status: "status", .nextStep: "nästa steg",
    ]

    /// The column a header cell names, in either language (any case, surrounding space ignored).
    public init?(header: String) {
        let name = header.trimmingCharacters(in: .whitespaces).lowercased()
        guard let column = Self.allCases.first(where: { $0.rawValue == name || $0.name(.sv) == name }) else {
            return nil
        }
        self = column
    }

    /// A summary's value in this column; times as `local` gives them, `YYYY-MM-DD HH:MM`.
    func value(of summary: OrderSummary, in minutes: DateFormats.LocalMinutes) -> String {
        let register = summary.register
        func local(_ timestamp: String?) -> String { timestamp.flatMap(minutes.localMinute(fromTimestamp:)) ?? "" }
        switch self {
        case .order: return String(summary.id)
        case .kind: return summary.kind.rawValue
        case .environment: return summary.environment ?? summary.platform ?? ""
        case .hsaID: return summary.hsaID
        case .systemName: return summary.systemName
        case .vendor: return register?.vendor ?? ""
        case .contact: return register?.contactName ?? ""
        case .contactEmail: return register?.contactEmail ?? ""
        case .reference: return summary.reference ?? ""
        case .supportCase: return summary.supportCase ?? ""
        // Replies refer to the id the server assigned, when it replaced ours.
        case .messageID: return register?.serverMessageID ?? summary.messageID
        case .requestedDate: return summary.requestedDate ?? ""
        case .sentAt: return local(register?.sentAt)
        case .answeredAt: return local(register?.answeredAt)
        case .effectiveDate: return register?.effectiveDate ?? ""
        case .status: return RegisterStatus.name(of: summary.status)
        case .nextStep: return OrderLifecycle.nextStep(summary.status, kind: summary.kind)
        }
    }
}

/// The header row's language: `--headers en|sv`.
public enum RegisterHeaders: String, CaseIterable, Sendable {
    case en, sv
}

/// How the register writes a status, and which statuses `record` reads back.
public enum RegisterStatus {
    /// An order placed outside ordermail shows as sent, as any other order that reached support.
    public static func name(of status: EventType) -> String {
        status == .recorded ? EventType.sent.rawValue : status.rawValue
    }

    /// The statuses `record` takes: an order that reached support, and what support answered.
    public static let readable: [EventType] = [.sent, .needsInfo, .replied, .confirmed, .rejected]

    /// The kinds `record` takes; the others are exported but not read back.
    public static let readableKinds: Set<OrderKind> = [.whitelisting]
}
