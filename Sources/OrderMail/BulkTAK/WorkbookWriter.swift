import CXLSXWriter
import Foundation
import OrderMailCore

/// Writes a bulk-TAK document as the order template's workbook with libxlsxwriter: the only file
/// in ordermail that calls it. Tabs Konsumenter (left empty), Tjänstekontrakt, Tjänsteproducent and
/// Logiska adresser, one header row each, with the template's own column names.
enum WorkbookWriter {
    /// The most units a document's workbook holds: one sheet's rows (Excel's limit) less the header row.
    static let maximumUnits = Int(LXW_ROW_MAX) - 1

    /// The widest a column is made, in characters.
    private static let maximumColumnWidth = 80.0

    /// Writes `document` to `path` with `created` as the workbook's timestamp: the same document and
    /// time give a byte-identical file. Every call to libxlsxwriter is checked: a failed one ends the
    /// workbook and is an error, never a cell left out.
    static func write(_ document: BulkTAKDocument, to path: String, created: Date) throws(OrderMailError) {
        var options = lxw_workbook_options()
        options.constant_memory = UInt8(LXW_TRUE.rawValue)
        options.tmpdir = nil
        options.use_zip64 = UInt8(LXW_FALSE.rawValue)
        guard let workbook = workbook_new_opt(path, &options) else {
            throw .cannotWrite(path: path, reason: "libxlsxwriter could not create the workbook")
        }
        // libxlsxwriter may keep the title's pointer until the workbook is closed.
        let title = strdup("Bulk-TAKning e-remiss \(document.platform.rawValue)")
        defer { free(title) }
        do throws(OrderMailError) {
            var properties = lxw_doc_properties()
            properties.created = time_t(created.timeIntervalSince1970)
            ordermail_workbook_properties_set_title(&properties, title)
            try check(workbook_set_properties(workbook, &properties), "properties", path: path)
            try fill(workbook, with: document, path: path)
        } catch {
            // Frees the workbook; the first failure is the one reported, and the partial file is removed by the caller.
            _ = workbook_close(workbook)
            throw error
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw .cannotWrite(path: path, reason: String(cString: lxw_strerror(result)))
        }
    }

    /// An error naming `what` unless `result` is success.
    private static func check(_ result: lxw_error, _ what: @autoclosure () -> String, path: String)
        throws(OrderMailError)
    {
        guard result == LXW_NO_ERROR else {
            throw .cannotWrite(path: path, reason: "libxlsxwriter: \(what()): \(String(cString: lxw_strerror(result)))")
        }
    }

    /// Writes every tab.
    private static func fill(
        _ workbook: UnsafeMutablePointer<lxw_workbook>, with document: BulkTAKDocument, path: String
    ) throws(OrderMailError) {
        guard let bold = workbook_add_format(workbook) else {
            throw .cannotWrite(path: path, reason: "libxlsxwriter could not add a format")
        }
        format_set_bold(bold)

        let producerID = document.producer.hsaID.normalized
        let bindings = document.bindings
        let units = document.units
        let sheets = [
            Sheet(name: "Konsumenter", header: [], rows: 0, columns: []),
            Sheet(
                name: "Tjänstekontrakt", header: ["Tjänstekontrakt", "Majorversion", "URL"], rows: bindings.count,
                columns: [
                    { .text(bindings[$0].contract.namespace) }, { .number(Double(bindings[$0].contract.majorVersion)) },
                    { .text(bindings[$0].url) },
                ]),
            // The platform stands in a cell too: a workbook passed on without its file name still says where it goes.
            Sheet(
                name: "Tjänsteproducent", header: ["Tjänsteproducent", "Namn för Tjänsteproducent", "Plattform"],
                rows: 1,
                columns: [
                    { _ in .text(producerID) }, { _ in .text(document.producer.name) },
                    { _ in .text(document.platform.rawValue) },
                ]),
            Sheet(
                name: "Logiska adresser", header: ["Logiska adresser", "Namn på logiska adresser"], rows: units.count,
                columns: [
                    { .text(units[$0].hsaID.normalized) }, { .text(units[$0].name) },
                ]),
        ]
        for sheet in sheets {
            guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
                throw .cannotWrite(path: path, reason: "libxlsxwriter could not add the tab \(sheet.name)")
            }
            // Constant-memory mode writes row by row: widths first, then the rows in order.
            for (column, cell) in sheet.columns.enumerated() {
                let widest = (0..<sheet.rows).reduce(sheet.header[column].count) { max($0, cell($1).width) }
                let width = min(Double(widest) + 2, maximumColumnWidth)
                try check(
                    worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil),
                    "\(sheet.name): column width", path: path)
            }
            for (column, title) in sheet.header.enumerated() {
                try check(
                    worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold), "\(sheet.name): header row",
                    path: path)
            }
            for row in 0..<sheet.rows {
                for (column, cell) in sheet.columns.enumerated() {
                    let result =
                        switch cell(row) {
                        case .text(let text):
                            worksheet_write_string(worksheet, lxw_row_t(row + 1), lxw_col_t(column), text, nil)
                        case .number(let number):
                            worksheet_write_number(worksheet, lxw_row_t(row + 1), lxw_col_t(column), number, nil)
                        }
                    try check(result, "\(sheet.name): row \(row + 2)", path: path)
                }
            }
        }
    }

    /// One tab: its header row and, column by column, the cell in each row below it.
    private struct Sheet {
        let name: String
        let header: [String]
        let rows: Int
        let columns: [(Int) -> Cell]
    }

    private enum Cell {
        case text(String)
        case number(Double)

        /// Characters, near enough for a column width: Unicode scalars.
        var width: Int {
            switch self {
            // Unicode scalars, counted as the UTF-8 bytes that are not continuation bytes.
            case .text(let text): text.utf8.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            case .number(let number): String(Int(number)).count
            }
        }
    }
}
