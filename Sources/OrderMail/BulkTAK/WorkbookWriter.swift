import CXLSXWriter
import Foundation

/// Writes a bulk-TAK document as the order template's workbook with libxlsxwriter: the only file
/// in ordermail that calls it. Tabs Konsumenter (left empty), Tjänstekontrakt, Tjänsteproducent and
/// Logiska adresser, one header row each, with the template's own column names.
enum WorkbookWriter {
    /// The widest a column is made, in characters.
    private static let maximumColumnWidth = 80.0

    /// Writes `document` to `path`. With `created` set, the workbook's timestamps are fixed and the
    /// file is byte-identical for the same document.
    static func write(_ document: BulkTAKDocument, to path: String, created: Date?) throws(OrderMailError) {
        var options = lxw_workbook_options()
        options.constant_memory = UInt8(LXW_TRUE.rawValue)
        options.tmpdir = nil
        options.use_zip64 = UInt8(LXW_FALSE.rawValue)
        guard let workbook = workbook_new_opt(path, &options) else {
            throw .cannotWrite(path: path, reason: "libxlsxwriter could not create the workbook")
        }
        var properties = lxw_doc_properties()
        properties.created = created.map { time_t($0.timeIntervalSince1970) } ?? 0
        let title = strdup("Bulk-TAKning e-remiss \(document.platform.rawValue)")
        defer { free(title) }
        properties.title = title
        _ = workbook_set_properties(workbook, &properties)
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)

        let producerID = document.producer.hsaID.normalized
        let sheets: [(name: String, header: [String], rows: [[Cell]])] = [
            ("Konsumenter", [], []),
            ("Tjänstekontrakt", ["Tjänstekontrakt", "Majorversion", "URL"],
             document.bindings.map { [.text($0.contract.namespace), .number(Double($0.contract.majorVersion)), .text($0.url)] }),
            ("Tjänsteproducent", ["Tjänsteproducent", "Namn för Tjänsteproducent"],
             [[.text(producerID), .text(document.producer.name)]]),
            ("Logiska adresser", ["Logiska adresser", "Namn på logiska adresser"],
             document.units.map { [.text($0.hsaID.normalized), .text($0.name)] }),
        ]
        for sheet in sheets {
            guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
                workbook_close(workbook)
                throw .cannotWrite(path: path, reason: "libxlsxwriter could not add the tab \(sheet.name)")
            }
            // Constant-memory mode writes row by row: widths first, then the rows in order.
            for column in sheet.header.indices {
                let widest = ([sheet.header[column].count] + sheet.rows.map { $0[column].width }).max() ?? 10
                worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), min(Double(widest) + 2, maximumColumnWidth), nil)
            }
            for (column, title) in sheet.header.enumerated() {
                worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold)
            }
            for (index, row) in sheet.rows.enumerated() {
                for (column, cell) in row.enumerated() {
                    switch cell {
                    case .text(let text): worksheet_write_string(worksheet, lxw_row_t(index + 1), lxw_col_t(column), text, nil)
                    case .number(let number): worksheet_write_number(worksheet, lxw_row_t(index + 1), lxw_col_t(column), number, nil)
                    }
                }
            }
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw .cannotWrite(path: path, reason: String(cString: lxw_strerror(result)))
        }
    }

    private enum Cell {
        case text(String)
        case number(Double)

        var width: Int {
            switch self {
            case .text(let text): text.count
            case .number(let number): String(Int(number)).count
            }
        }
    }
}
