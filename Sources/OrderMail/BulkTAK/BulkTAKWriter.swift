import Foundation
import OrderMailCore

/// Which files a bulk-TAK order is written as.
public enum BulkTAKFormat: String, Sendable, CaseIterable {
    case xlsx, json, both
}

/// One document as written: its files and digests.
public struct WrittenDocument: Sendable {
    public let document: BulkTAKDocument
    public let workbookPath: String?
    public let jsonPath: String?
    /// SHA-256 of the workbook, or of the JSON order when no workbook was written.
    public let documentSHA256: String
}

/// Writes the documents of a bulk-TAK order into one folder: all or nothing, and never over an
/// existing file unless told to.
public struct BulkTAKWriter: Sendable {
    public var outputDirectory: String
    public var format: BulkTAKFormat
    public var overwrite: Bool
    /// Fixes every timestamp (JSON and workbook properties); nil means now, in `timeZone`.
    public var orderTime: Date?
    public var timeZone: TimeZone
    /// `utforare` in the JSON order.
    public var executor: TAKExecutor
    /// `genomforandeTidpunkt` in the JSON order: when TAK carries it out (nil: at the order's time).
    public var executeAt: Date?

    public init(
        outputDirectory: String, format: BulkTAKFormat, overwrite: Bool, orderTime: Date?, timeZone: TimeZone,
        executor: TAKExecutor,
        executeAt: Date? = nil
    ) {
        self.executeAt = executeAt
        var directory = outputDirectory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        self.outputDirectory = directory
        self.format = format
        self.overwrite = overwrite
        self.orderTime = orderTime
        self.timeZone = timeZone
        self.executor = executor
    }

    /// The checks `write` makes before it touches the disk, for a caller to make before it writes
    /// anything else (the ledger): the format fits the contracts, the execution time follows the
    /// order's, every workbook holds its units.
    public func check(_ documents: [BulkTAKDocument]) throws(OrderMailError) {
        let time = orderTime ?? Date()
        if let executeAt, executeAt < time {
            throw .invalidField(
                FieldError(
                    field: "execute-at",
                    rule:
                        "is before the order's time (\(DateFormats.takTimestamp(time, in: timeZone))): TAK cannot carry out an order before it is placed"
                ),
                source: .commandLine)
        }
        if format != .json, let document = documents.first(where: { !$0.hasWorkbookForm }) {
            let names = document.bindings.filter { $0.contract.family?.hasWorkbook == false }.map(\.contract.label)
            throw .invalidField(
                FieldError(
                    field: "format",
                    rule:
                        "the workbook is e-remiss's form; \(names.joined(separator: ", ")) can be ordered as TAK JSON only: pass --format json"
                ),
                source: .commandLine)
        }
        if format != .json, let large = documents.first(where: { $0.units.count > WorkbookWriter.maximumUnits }) {
            throw .invalidData(
                "\(large.baseName): \(large.units.count) units, but a workbook's sheet holds at most \(WorkbookWriter.maximumUnits) "
                    + "(Excel's 1048576 rows less the header row); nothing was written: split the unit list")
        }
    }

    /// Writes every document, one after another, each file synced and private (mode 0600) under a
    /// temporary name, all renamed into place only when all are written; if a check fails, any
    /// file exists (without `overwrite`) or any write fails, no file is left behind.
    public func write(_ documents: [BulkTAKDocument]) throws(OrderMailError) -> [WrittenDocument] {
        try check(documents)
        let time = orderTime ?? Date()
        let targets = documents.map { document in
            (
                document,
                format == .json ? nil : "\(outputDirectory)/\(document.baseName).xlsx",
                format == .xlsx ? nil : "\(outputDirectory)/\(document.baseName).json"
            )
        }
        let paths = targets.flatMap { [$0.1, $0.2] }.compactMap { $0 }
        // Every target is checked first: an existing file without --overwrite, or anything at a path
        // that is not a regular file (a folder, a link), stops the order before anything is written.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: outputDirectory, isDirectory: &isFolder), isFolder.boolValue {
            for path in paths { try OutputFile.check(path, overwrite: overwrite) }
        }
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: outputDirectory, reason: error.localizedDescription)
        }
        let partials = paths.map { (temporary: partialName($0), path: $0) }
        do throws(OrderMailError) {
            var written: [WrittenDocument] = []
            for (document, workbookPath, jsonPath) in targets {
                written.append(try write(document, workbookPath: workbookPath, jsonPath: jsonPath, time: time))
            }
            try OutputFile.placeAll(partials, in: outputDirectory)
            return written
        } catch {
            for (partial, _) in partials { unlink(partial) }
            throw error
        }
    }

    /// Writes one document's files under their partial names; the result carries their digest.
    private func write(
        _ document: BulkTAKDocument, workbookPath: String?, jsonPath: String?, time: Date
    ) throws(OrderMailError) -> WrittenDocument {
        var digest = ""
        if let workbookPath {
            let partial = partialName(workbookPath)
            try WorkbookWriter.write(document, to: partial, created: time)
            try OutputFile.seal(partial, for: workbookPath)
            guard let bytes = FileManager.default.contents(atPath: partial) else {
                throw .cannotWrite(path: workbookPath, reason: "the workbook cannot be read back")
            }
            digest = SHA256.hex(Array(bytes))
        }
        if let jsonPath {
            let json = try document.takOrder(
                orderTime: time, executeAt: executeAt, timeZone: timeZone, executor: executor
            ).encoded()
            if workbookPath == nil { digest = SHA256.hex(json) }
            try OutputFile.writeNew(json, at: partialName(jsonPath), for: jsonPath)
        }
        return WrittenDocument(
            document: document, workbookPath: workbookPath, jsonPath: jsonPath, documentSHA256: digest)
    }

    private func partialName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
            .path
    }
}
