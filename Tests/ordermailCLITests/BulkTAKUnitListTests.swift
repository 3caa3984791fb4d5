import Foundation
import Testing

@testable import OrderMail

/// What `ordermail bulk-tak` refuses in a unit list rather than write it into the names that
/// replace TAK's: characters a workbook cannot hold, a file in two encodings, more units than a
/// sheet holds; and how much of a bad file it repeats.
@Suite("ordermail bulk-tak: unit lists")
struct BulkTAKUnitListTests {
    static func bytesFile(_ bytes: [UInt8]) throws -> String {
        let path = try CommandRunner.temporaryDirectory() + "/units.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The names of the workbook's sheet files and whether each is well-formed XML to `xmllint`.
    static func sheetsAreWellFormed(_ workbook: String) throws -> [String: Bool] {
        let folder = try CommandRunner.temporaryDirectory()
        let unzip = try CommandRunner.run(
            "/usr/bin/python3",
            ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", workbook, folder])
        #expect(unzip.status == 0, "\(unzip.stderr)")
        let sheets = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/xl/worksheets").filter {
            $0.hasSuffix(".xml")
        }
        var result: [String: Bool] = [:]
        for sheet in sheets {
            result[sheet] =
                try CommandRunner.run("/usr/bin/xmllint", ["--noout", "\(folder)/xl/worksheets/\(sheet)"]).status == 0
        }
        return result
    }

    @Test func namesWithCharactersThatXMLForbidsOrFormatCharactersAreRefusedWithTheirLine() throws {
        // Each name is wrong in one way only, and line 2 is a good row.
        let rows = [
            "hsa_id;name", "SE2321000016-A1;Vårdcentral Ett", "SE2321000016-A2;Två\u{FFFE}",
            "SE2321000016-A3;Tre\u{FFFF}",
            "SE2321000016-A4;Fy\u{0001}ra", "SE2321000016-A5;Fem\u{200B}", "SE2321000016-A6;Sex\u{FEFF}mottagning",
        ]
        let output = try BulkTAKCommandTests.outputDirectory()
        let result = try BulkTAKCommandTests.run(
            units: try BulkTAKCommandTests.file(rows.joined(separator: "\n") + "\n"), output: output)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(": 5 problems; nothing was written:"))
        for (line, code) in [(3, "U+FFFE"), (4, "U+FFFF")] {
            #expect(
                result.stderr.contains(
                    "line \(line): name: must not contain characters that XML 1.0 forbids (found \(code))"))
        }
        for (line, code) in [(5, "U+0001"), (6, "U+200B"), (7, "U+FEFF")] {
            #expect(
                result.stderr.contains(
                    "line \(line): name: must not contain control, format or separator characters (found \(code))"))
        }
        #expect(!result.stderr.contains("line 2:"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aProducerNameWithACharacterThatXMLForbidsIsAUsageError() throws {
        let result = try CommandRunner.ordermail(
            [
                "bulk-tak", "--platform", "NTJP-PROD", "--producer-hsa-id", "SE2321000016-F835", "--producer-name",
                "Region\u{FFFF}",
                "--units", try BulkTAKCommandTests.file("SE2321000016-A1;Ett\n"), "--output-dir",
                try BulkTAKCommandTests.outputDirectory(),
                "--executor", "Region Stockholm",
            ] + BulkTAKCommandTests.allContracts)
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "ordermail: --producer-name: must not contain characters that XML 1.0 forbids (found U+FFFF)\n")
    }

    @Test func everySheetIsWellFormedXMLWhateverCharactersTheNamesHold() throws {
        let names = [
            "A & B <Vård> \"citat\" 'apostrof'", "Privat \u{E000} ersättning \u{FFFD}", "Noter \u{1D11E} och 😀",
        ]
        let rows = names.enumerated().map {
            "SE2321000016-A\($0.offset);\"\($0.element.replacingOccurrences(of: "\"", with: "\"\""))\""
        }
        let output = try BulkTAKCommandTests.outputDirectory()
        let result = try BulkTAKCommandTests.run(
            units: try BulkTAKCommandTests.file(rows.joined(separator: "\n") + "\n"), output: output)
        #expect(result.status == 0, "\(result.stderr)")
        let workbook = try #require(try BulkTAKCommandTests.files(in: output, ending: ".xlsx").first)
        let sheets = try Self.sheetsAreWellFormed(workbook)
        #expect(sheets.count == 4)
        #expect(sheets.values.allSatisfy { $0 }, "\(sheets)")
        let read = try #require(BulkTAKCommandTests.workbook(workbook).cells["Logiska adresser"]).dropFirst().map {
            $0[1]
        }
        #expect(read == names.map { .text($0) })
    }

    @Test func aUTF8FileWithStrayBytesIsRefusedNamingTheirLines() throws {
        // UTF-8 names, and on lines 3 and 5 a Windows-1252 å: decoding the whole file as Windows-1252 would mangle line 1.
        let bytes =
            Array("SE2321000016-A1;Vårdcentral Östra\nSE2321000016-A2;Två\nSE2321000016-A3;V".utf8) + [0xE5]
            + Array("rd\nSE2321000016-A4;Fyra\nSE2321000016-A5;G".utf8) + [0xE5, 0xE5] + Array("rd\n".utf8)
        let output = try BulkTAKCommandTests.outputDirectory()
        let result = try BulkTAKCommandTests.run(units: try Self.bytesFile(bytes), output: output)
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n")
        #expect(
            lines.first?.hasSuffix("units.csv: not valid UTF-8; save it as UTF-8, or as Windows-1252 throughout:")
                == true, "\(result.stderr)")
        #expect(
            Array(lines.dropFirst()) == ["  line 3: bytes that are not UTF-8", "  line 5: bytes that are not UTF-8"])
        #expect(!FileManager.default.fileExists(atPath: output))

        let withBOM = try BulkTAKCommandTests.run(
            units: try Self.bytesFile(
                [0xEF, 0xBB, 0xBF] + Array("SE2321000016-A1;V".utf8) + [0xE5] + Array("rd\n".utf8)),
            output: try BulkTAKCommandTests.outputDirectory())
        #expect(withBOM.status == 65)
        #expect(
            withBOM.stderr.contains(
                "not valid UTF-8; save it as UTF-8, or as Windows-1252 throughout:\n  line 1: bytes that are not UTF-8\n"
            ))
    }

    @Test(
        "the summary names the encoding read",
        arguments: [
            ([UInt8](), "(UTF-8):"), ([0xEF, 0xBB, 0xBF], "(UTF-8 with BOM):"),
        ])
    func theSummaryNamesTheEncoding(prefix: [UInt8], expected: String) throws {
        let result = try BulkTAKCommandTests.run(
            units: try Self.bytesFile(prefix + Array("SE2321000016-A1;Vårdcentral\n".utf8)),
            output: try BulkTAKCommandTests.outputDirectory())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.split(separator: "\n").first?.hasSuffix(expected) == true, "\(result.stdoutText)")
    }

    @Test func aFileOfManyBadRowsListsAHundredProblemsAndCountsTheRest() throws {
        let rows = (0..<1000).map { "SE2321000016-A\($0);" }
        let result = try BulkTAKCommandTests.run(
            units: try BulkTAKCommandTests.file(rows.joined(separator: "\n") + "\n"),
            output: try BulkTAKCommandTests.outputDirectory())
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 102, "the summary, 100 problems and the count")
        #expect(lines.first?.hasSuffix(": 1000 problems; nothing was written:") == true)
        #expect(lines[100] == "  line 100: name: must not be empty")
        #expect(lines.last == "  … and 900 more problems")
    }

    @Test func errorsAndNotesQuoteAtMost80CharactersOfAnHSAID() throws {
        let id = "X" + String(repeating: "1", count: 254)
        let repeated = try BulkTAKCommandTests.run(
            units: try BulkTAKCommandTests.file("\(id);Ett\n\(id);Två\n"),
            output: try BulkTAKCommandTests.outputDirectory(),
            extra: ["--allow-nonstandard-hsa-id"])
        #expect(repeated.status == 65)
        let quoted = "\"X" + String(repeating: "1", count: 79) + "…\""
        #expect(
            repeated.stderr.contains("  line 2: \(quoted) is listed on line 1 with a different name\n"),
            "\(repeated.stderr)")
        #expect(!repeated.stderr.contains(String(repeating: "1", count: 81)))

        let merged = try BulkTAKCommandTests.run(
            units: try BulkTAKCommandTests.file("\(id);Ett\n\(id);Ett\n"),
            output: try BulkTAKCommandTests.outputDirectory(),
            extra: ["--allow-nonstandard-hsa-id"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdoutText.contains("note: line 2 repeats line 1 (\(quoted)) and was merged\n"))
    }

    @Test func lowerCaseHSAIDsAreAcceptedAndUpperCasedInTheDocuments() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let result = try CommandRunner.ordermail(
            [
                "bulk-tak", "--platform", "NTJP-PROD", "--producer-hsa-id", "se2321000016-f835", "--producer-name",
                "Region Stockholm e-remiss",
                "--units", try BulkTAKCommandTests.file("se2321000016-a65h;Vårdcentral Ett\nSe2321000016-b1;Två\n"),
                "--output-dir", output,
                "--executor", "Region Stockholm", "--order-time", "2026-11-21T14:03:00+0100",
            ] + BulkTAKCommandTests.allContracts)
        #expect(result.status == 0, "\(result.stderr)")
        let book = try BulkTAKCommandTests.workbook(
            try #require(try BulkTAKCommandTests.files(in: output, ending: ".xlsx").first))
        #expect(
            book.cells["Logiska adresser"]?.dropFirst().map { $0[0] } == [
                .text("SE2321000016-A65H"), .text("SE2321000016-B1"),
            ])
        #expect(book.cells["Tjänsteproducent"]?.last?.first == .text("SE2321000016-F835"))
        let json = try #require(try BulkTAKCommandTests.files(in: output, ending: ".json").first)
        let order = try JSONDecoder().decode(TAKOrder.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(order.inkludera.logiskadresser.map(\.hsaId) == ["SE2321000016-A65H", "SE2321000016-B1"])
        #expect(Set(order.inkludera.vagval.map(\.logiskAdress)) == ["SE2321000016-A65H", "SE2321000016-B1"])
        #expect(order.inkludera.tjanstekomponenter.map(\.hsaId) == ["SE2321000016-F835"])
        #expect(order.inkludera.vagval.allSatisfy { $0.tjanstekomponent == "SE2321000016-F835" })
    }

    @Test func aMissingExecutorIsAOneLineUsageError() throws {
        let result = try CommandRunner.ordermail(
            [
                "bulk-tak", "--platform", "NTJP-PROD", "--producer-hsa-id", "SE2321000016-F835", "--producer-name", "P",
                "--units", try BulkTAKCommandTests.file("SE2321000016-A1;Ett\n"), "--output-dir",
                try BulkTAKCommandTests.outputDirectory(),
            ]
                + BulkTAKCommandTests.allContracts)
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "ordermail: --executor: say who carries out the order (or set region in the configuration) (example: Region Stockholm)\n"
        )
    }

    @Test func anExecutorWithAControlCharacterIsAUsageError() throws {
        let result = try BulkTAKCommandTests.run(
            units: try BulkTAKCommandTests.file("SE2321000016-A1;Ett\n"),
            output: try BulkTAKCommandTests.outputDirectory(),
            extra: ["--executor", "Region\u{1B}[31m Stockholm"])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "ordermail: --executor: must not contain control, format or separator characters (found U+001B)\n")
    }

    @Test func theREADMEsExampleRunsAsWritten() throws {
        let readme = try String(contentsOfFile: "\(CommandRunner.packageRoot)/README.md", encoding: .utf8)
        let section = try #require(readme.range(of: "### `ordermail bulk-tak`"))
        let block = readme[section.upperBound...].split(separator: "```", maxSplits: 2)[1]
        #expect(block.contains("ordermail bulk-tak"))
        let folder = try CommandRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: BulkTAKCommandTests.sample, toPath: "\(folder)/units.csv")
        let binaries = URL(fileURLWithPath: CommandRunner.binary).deletingLastPathComponent().path
        let result = try CommandRunner.run(
            "/bin/sh", ["-e", "-c", String(block)],
            environment: CommandRunner.environment(["PATH": "\(binaries):/usr/bin:/bin"], home: folder),
            directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try BulkTAKCommandTests.files(in: "\(folder)/orders", ending: ".xlsx").count == 1)
    }

    @Test func aDocumentOfMoreUnitsThanASheetHoldsIsRefusedBeforeAnythingIsWritten() throws {
        let producer = try ServiceProducer(hsaID: "SE2321000016-F835", name: "P", allowsNonstandardHSAID: false)
        let binding = try ContractBinding(parsing: "ProcessRequest=https://remiss.example.se/pr", platform: .production)
        { _ in }
        let unit = LogicalAddressUnit(
            hsaID: try HSAID("SE2321000016-A1", policy: .strict(allowTestCatalogue: false)), name: "Ett",
            contracts: [binding.contract], line: 1)
        let document = BulkTAKDocument(
            platform: .production, producer: producer, bindings: [binding],
            units: Array(repeating: unit, count: 1_048_576), baseName: "bulk-tak_NTJP-PROD_ProcessRequest-v1")
        let output = try CommandRunner.temporaryDirectory() + "/orders"
        let writer = BulkTAKWriter(
            outputDirectory: output, format: .both, overwrite: false, orderTime: nil, timeZone: .current,
            executor: try TAKExecutor(flag: "Region Stockholm", configuredRegion: nil))
        let error = #expect(throws: OrderMailError.self) { try writer.write([document]) }
        #expect(
            error
                == .invalidData(
                    "bulk-tak_NTJP-PROD_ProcessRequest-v1: 1048576 units, but a workbook's sheet holds at most 1048575 "
                        + "(Excel's 1048576 rows less the header row); nothing was written: split the unit list"))
        #expect(error?.failureClass == .data)
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
