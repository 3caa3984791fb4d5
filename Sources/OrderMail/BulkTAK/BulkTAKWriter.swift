import Foundation

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

    public init(outputDirectory: String, format: BulkTAKFormat, overwrite: Bool, orderTime: Date?, timeZone: TimeZone, executor: TAKExecutor) {
        var directory = outputDirectory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        self.outputDirectory = directory
        self.format = format
        self.overwrite = overwrite
        self.orderTime = orderTime
        self.timeZone = timeZone
        self.executor = executor
    }

    /// Writes every document, one after another; if a workbook would not hold its units, any file
    /// exists (without `overwrite`) or any write fails, no file is left behind.
    public func write(_ documents: [BulkTAKDocument]) throws(OrderMailError) -> [WrittenDocument] {
        if format != .json, let large = documents.first(where: { $0.units.count > WorkbookWriter.maximumUnits }) {
            throw .invalidData(
                "\(large.baseName): \(large.units.count) units, but a workbook's sheet holds at most \(WorkbookWriter.maximumUnits) "
                    + "(Excel's 1048576 rows less the header row); nothing was written: split the unit list")
        }
        let targets = documents.map { document in
            (document,
             format == .json ? nil : "\(outputDirectory)/\(document.baseName).xlsx",
             format == .xlsx ? nil : "\(outputDirectory)/\(document.baseName).json")
        }
        let paths = targets.flatMap { [$0.1, $0.2] }.compactMap { $0 }
        if !overwrite, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw .outputExists(path: existing)
        }
        // Even --overwrite replaces files only: a folder in the way would fail its rename after others succeeded.
        if let folder = paths.first(where: { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }) {
            throw .cannotWrite(path: folder, reason: "a folder has that name")
        }
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: outputDirectory, reason: error.localizedDescription)
        }
        let time = orderTime ?? Date()
        let partials = paths.map { (partial: partialName($0), final: $0) }
        do throws(OrderMailError) {
            var written: [WrittenDocument] = []
            for (document, workbookPath, jsonPath) in targets {
                written.append(try write(document, workbookPath: workbookPath, jsonPath: jsonPath, time: time))
            }
            for (partial, final) in partials where rename(partial, final) != 0 {
                throw .cannotWrite(path: final, reason: String(cString: strerror(errno)))
            }
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
            guard let bytes = FileManager.default.contents(atPath: partial) else {
                throw .cannotWrite(path: workbookPath, reason: "the workbook cannot be read back")
            }
            digest = SHA256.hex(Array(bytes))
        }
        if let jsonPath {
            let json = try document.takOrder(orderTime: time, timeZone: timeZone, executor: executor).encoded()
            if workbookPath == nil { digest = SHA256.hex(json) }
            do { try Data(json).write(to: URL(fileURLWithPath: partialName(jsonPath))) } catch {
                throw .cannotWrite(path: jsonPath, reason: error.localizedDescription)
            }
        }
        return WrittenDocument(document: document, workbookPath: workbookPath, jsonPath: jsonPath, documentSHA256: digest)
    }

    private func partialName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
    }
}
