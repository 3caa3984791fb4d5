import Foundation
import OrderMailCore

extension ActivationOrder {
    /// The template files' base name.
    static let templateName = "activation"

    /// Every name an activation template may use; optional ones are absent when not given.
    static let templateVocabulary: Set<String> = [
        "environment", "region", "regionHSAID", "contactName", "contactEmail", "contactPhone", "reference",
        "unitCount", "unitWord", "unitTable", "csvAttached", "csvFileName",
    ]

    /// The columns of the table and of the CSV attachment, in order.
    static let columns: [UnitListColumn] = [.hsaID, .name, .county, .municipalityCode, .municipality, .visitingAddress]

    /// The attachment's file name.
    public var csvFileName: String {
        "\(language == .sv ? "vardenheter-aktivering" : "care-units-activation")-\(environment.rawValue).csv"
    }

    /// The values the templates see.
    func templateContext() -> [String: Any] {
        var context: [String: Any] = [
            "environment": environment == .qa ? "QA" : (language == .sv ? "Produktion" : "Production"),
            "region": region.value,
            "contactName": contact.name.value,
            "contactEmail": contact.email.address,
            "unitCount": String(units.count),
            "unitWord": language == .sv
                ? (units.count == 1 ? "vårdenhet" : "vårdenheter") : (units.count == 1 ? "care unit" : "care units"),
            "unitTable": unitTable,
            "csvAttached": attachesCSV,
        ]
        context["regionHSAID"] = regionHSAID?.verbatim
        context["contactPhone"] = contact.phone?.value
        context["reference"] = reference?.value
        if attachesCSV { context["csvFileName"] = csvFileName }
        return context
    }

    /// One unit's cells, in the order of ``columns``: the HSA-id as given, the county's and the
    /// municipality's names as SCB writes them.
    static func cells(of unit: ActivationUnit) -> [String] {
        [
            unit.hsaID.verbatim, unit.name, unit.county.name, unit.municipality?.code ?? "",
            unit.municipality?.name ?? "",
            unit.visitingAddress ?? "",
        ]
    }

    /// The units as a plain-text table: a header line, a rule, one line per unit, the columns
    /// padded with spaces and parted by ` | `, so that it reads in any mail or case system. The
    /// municipality and address columns are left out when no unit has them.
    var unitTable: String {
        let rows = units.map(Self.cells)
        let shown = Self.columns.indices.filter { column in rows.contains { !$0[column].isEmpty } || column < 3 }
        let titles = shown.map { Self.columns[$0].title(in: language) }
        let table = TextTable([titles] + rows.map { row in shown.map { row[$0] } }, separator: " | ")
        let lines = table.lines.map(\.trimmingWhitespace)
        let rule = table.widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")
        return ([lines[0], rule] + lines.dropFirst()).joined(separator: "\n")
    }

    /// The units as CSV: UTF-8 with a byte-order mark (which Excel needs to read it as UTF-8), `;`
    /// between fields, CRLF line ends, a header row in the order's language.
    public var csv: [UInt8] {
        let rows = [Self.columns.map { $0.title(in: language) }] + units.map(Self.cells)
        return [0xEF, 0xBB, 0xBF] + Array(CSVWriter.text(rows, delimiter: ";").utf8)
    }

    /// Renders the order's e-mail from the templates in `templatesDirectory`, with the CSV attached
    /// when ``attachesCSV`` is set.
    public func message(addressing: Addressing, templatesDirectory: String, environment: MessageEnvironment)
        throws(OrderMailError) -> ComposedMessage
    {
        let template = try OrderTemplate(
            named: Self.templateName, language: language, in: templatesDirectory, vocabulary: Self.templateVocabulary)
        let text = try template.render(templateContext())
        let messageID = "\(environment.makeMessageIDLocalPart())@\(contact.email.domain)"
        let date = environment.dateHeaderValue
        var builder = MessageBuilder(
            from: (contact.name.value, contact.email), addressing: addressing, subject: text.subject, body: text.body,
            date: date, messageID: messageID)
        if attachesCSV {
            builder.attachment = MessageAttachment(
                fileName: csvFileName, contentType: "text/csv; charset=utf-8", bytes: csv)
        }
        return ComposedMessage(text: text, messageID: messageID, date: date, wireForm: builder.wireForm)
    }
}
