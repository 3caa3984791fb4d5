import Foundation
import Testing

/// `ordermail bulk-tak` as a region runs it; workbooks read by openpyxl, JSON checked by jsonschema.
@Suite("ordermail bulk-tak")
struct BulkTAKCommandTests {
    static let sample = "\(CommandRunner.packageRoot)/Tests/Reference/eremiss-units-sample.csv"
    static let schema = "\(CommandRunner.packageRoot)/Tests/Reference/tak-json-bestallning.schema.json"
    static let allContracts = [
        "--contract", "ProcessRequest=https://remiss.example.se/ProcessRequest",
        "--contract", "ProcessRequestConfirmation=https://remiss.example.se/ProcessRequestConfirmation",
        "--contract", "ProcessRequestOutcome=https://remiss.example.se/ProcessRequestOutcome",
    ]

    static func run(units: String, output: String, extra: [String] = [], contracts: [String] = allContracts) throws
        -> ProcessResult
    {
        try CommandRunner.ordermail(
            [
                "bulk-tak", "--platform", "NTJP-PROD", "--producer-hsa-id", "SE2321000016-F835",
                "--producer-name", "Region Stockholm e-remiss", "--units", units, "--output-dir", output,
                "--executor", "Region Stockholm", "--ledger", output + "/../ledger.sqlite3",
            ] + contracts + extra)
    }

    static func file(_ text: String, name: String = "units.csv") throws -> String {
        let path = try CommandRunner.temporaryDirectory() + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func outputDirectory() throws -> String { try CommandRunner.temporaryDirectory() + "/orders" }

    static func files(in directory: String, ending suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(suffix) }.sorted()
            .map { "\(directory)/\($0)" }
    }

    struct Workbook: Decodable {
        var sheets: [String]
        var cells: [String: [[JSONValue]]]
    }

    enum JSONValue: Decodable, Equatable {
        case text(String)
        case number(Double)
        case null
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .number(try container.decode(Double.self))
            }
        }
    }

    static func workbook(_ path: String) throws -> Workbook {
        let result = try CommandRunner.run(
            "/usr/bin/python3", ["\(CommandRunner.packageRoot)/Tests/Helpers/read_workbook.py", path])
        return try JSONDecoder().decode(Workbook.self, from: Data(result.stdout))
    }

    @Test func theRealSampleOf458UnitsGoesThroughWithoutComplaint() throws {
        let output = try Self.outputDirectory()
        let result = try Self.run(units: Self.sample, output: output)
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n")
        #expect(warnings.count == 2)
        #expect(
            warnings.first?.hasPrefix(
                "ordermail: warning: workbook: the names given replace the names TAK already holds") == true)
        #expect(
            warnings.last?.hasPrefix("ordermail: warning: TAK JSON order: a unit already routed to another producer")
                == true)
        #expect(!result.stdoutText.contains("note:"))
        let workbooks = try Self.files(in: output, ending: ".xlsx")
        #expect(workbooks.count == 1)
        let book = try Self.workbook(try #require(workbooks.first))
        #expect(book.sheets == ["Konsumenter", "Tjänstekontrakt", "Tjänsteproducent", "Logiska adresser"])
        let consumers = try #require(book.cells["Konsumenter"], "the tab Konsumenter is missing")
        #expect(consumers.allSatisfy { $0.allSatisfy { $0 == .null } })
        #expect(
            book.cells["Tjänstekontrakt"]?.first == [.text("Tjänstekontrakt"), .text("Majorversion"), .text("URL")])
        #expect(book.cells["Tjänstekontrakt"]?.dropFirst().map { $0[1] } == [.number(1), .number(1), .number(1)])
        #expect(
            book.cells["Tjänsteproducent"] == [
                [.text("Tjänsteproducent"), .text("Namn för Tjänsteproducent"), .text("Plattform")],
                [.text("SE2321000016-F835"), .text("Region Stockholm e-remiss"), .text("NTJP-PROD")],
            ])
        // Every unit of the input, upper-cased and sorted by id in byte order, names intact.
        let input = try String(contentsOfFile: Self.sample, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ";", maxSplits: 1).map { String($0) }
        }
        let expected = input.map {
            [JSONValue.text($0[0].uppercased()), .text($0[1].trimmingCharacters(in: .whitespaces))]
        }
        .sorted { a, b in
            guard case .text(let x) = a[0], case .text(let y) = b[0] else { return false }
            return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        }
        let addresses = try #require(book.cells["Logiska adresser"])
        #expect(addresses.first == [.text("Logiska adresser"), .text("Namn på logiska adresser")])
        #expect(Array(addresses.dropFirst()) == expected)
        #expect(
            addresses.contains { row in row.contains { if case .text(let t) = $0 { t.contains("ö") } else { false } } })
    }

    @Test func theSeedsExampleGivesTwoDocumentsOf100And20Units() throws {
        var rows = ["hsa_id;name;contracts"]
        for index in 0..<100 { rows.append("SE2321000016-A\(index);Vårdcentral \(index);") }
        for index in 0..<20 {
            rows.append("SE2321000016-B\(index);Mottagning \(index);ProcessRequest|ProcessRequestOutcome")
        }
        let output = try Self.outputDirectory()
        let result = try Self.run(units: try Self.file(rows.joined(separator: "\n") + "\n"), output: output)
        #expect(result.status == 0, "\(result.stderr)")
        let workbooks = try Self.files(in: output, ending: ".xlsx")
        #expect(workbooks.count == 2)
        let counts = try workbooks.map { try Self.workbook($0).cells["Logiska adresser"]?.count ?? 0 }.map { $0 - 1 }
        #expect(counts.sorted() == [20, 100])
        let two = try #require(workbooks.first { $0.hasSuffix("_ProcessRequestOutcome-v1+ProcessRequest-v1.xlsx") })
        #expect(try Self.workbook(two).cells["Tjänstekontrakt"]?.count == 3)
        #expect(try Self.files(in: output, ending: ".json").count == 2)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: output).count == 4, "only workbooks and JSON orders")
        #expect(
            result.stdoutText.hasPrefix(
                "2 documents for NTJP-PROD, producer SE2321000016-F835 (Region Stockholm e-remiss), 120 units read from"
            ))
        #expect(result.stdoutText.contains("\n  20 units, 2 contracts: ProcessRequestOutcome-v1, ProcessRequest-v1"))
    }

    @Test func theSummarySaysOneUnitAndOneContractInTheSingular() throws {
        let result = try Self.run(
            units: try Self.file("hsa_id;name\nSE2321000016-A1;Vårdcentral\n"), output: try Self.outputDirectory(),
            contracts: ["--contract", "ProcessRequest=https://remiss.example.se/pr"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.hasPrefix("1 document for NTJP-PROD"))
        #expect(result.stdoutText.contains(", 1 unit read from "))
        #expect(result.stdoutText.contains("\n  1 unit, 1 contract: ProcessRequest-v1"))
    }

    @Test func theJSONOrdersValidateAgainstTAKsSchema() throws {
        let output = try Self.outputDirectory()
        let result = try Self.run(
            units: Self.sample, output: output, extra: ["--order-time", "2026-11-21T14:03:00+0100"])
        #expect(result.status == 0)
        let orders = try Self.files(in: output, ending: ".json")
        let validation = try CommandRunner.run(
            "/usr/bin/python3",
            ["\(CommandRunner.packageRoot)/Tests/Helpers/validate_tak_json.py", Self.schema] + orders)
        #expect(validation.status == 0, "\(validation.stdoutText)")
        let order = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: orders[0]))) as? [String: Any])
        #expect(order["bestallningsTidpunkt"] as? String == "2026-11-21T14:03:00+0100")
        #expect(order["plattform"] as? String == "NTJP-PROD" && order["utforare"] as? String == "Region Stockholm")
        let include = try #require(order["inkludera"] as? [String: [[String: Any]]])
        #expect(include["logiskadresser"]?.count == 458)
        #expect(include["vagval"]?.count == 458 * 3)
        #expect(include["anropsbehorigheter"]?.isEmpty == true)
        #expect(
            include["vagval"]?.allSatisfy {
                $0["rivtaprofil"] as? String == "RIVTABP21" && $0["tjanstekomponent"] as? String == "SE2321000016-F835"
            } == true)
        #expect(include["tjanstekomponenter"]?.first?["beskrivning"] as? String == "Region Stockholm e-remiss")
    }

    @Test func aFixedOrderTimeGivesByteIdenticalFilesWhateverTheRowOrder() throws {
        let lines = try String(contentsOfFile: Self.sample, encoding: .utf8).split(separator: "\n")
        let forward = try Self.file(lines.joined(separator: "\n") + "\n")
        let backward = try Self.file(lines.reversed().joined(separator: "\r\n") + "\r\n")
        let first = try Self.outputDirectory()
        let second = try Self.outputDirectory()
        let time = ["--order-time", "2026-11-21T14:03:00+0100"]
        #expect(try Self.run(units: forward, output: first, extra: time).status == 0)
        #expect(try Self.run(units: backward, output: second, extra: time).status == 0)
        let firstFiles = try Self.files(in: first, ending: "")
        let secondFiles = try Self.files(in: second, ending: "")
        #expect(firstFiles.count == 2)
        for (a, b) in zip(firstFiles, secondFiles) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "\(a)")
        }
    }

    @Test func everyProblemIsReportedAtOnceWithItsLineAndNothingIsWritten() throws {
        let units = #"""
            hsa_id,name,contracts
            SE2321000016-A1,Vårdcentral Ett,
            SE2321000017-A2,Vårdcentral Två,
            SE2321000016-A3,,
            SE2321000016-a1,Annat namn,
            SE2321000016-A4,Fyra,ProcessRequest|GetReferral
            SE2321000016-A5,"Fem, ""citerad""",ProcessRequest
            SE2321000016-A5,"Fem, ""citerad""",ProcessRequest

            """#
        let output = try Self.outputDirectory()
        let result = try Self.run(units: try Self.file(units), output: output)
        #expect(result.status == 65)
        for expected in [
            "4 problems", "line 3: hsa_id", "Luhn", "line 4: name: must not be empty",
            #"line 5: "SE2321000016-A1" is listed on line 2 with a different name"#, "line 6: contract \"GetReferral\"",
        ] {
            #expect(result.stderr.contains(expected), "\(expected)")
        }
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func anIdenticalRepeatIsMergedWithANote() throws {
        let output = try Self.outputDirectory()
        let units = "SE2321000016-A1;Ett\nSE2321000016-A2;Två\nSE2321000016-a1;Ett\n"
        let result = try Self.run(units: try Self.file(units), output: output)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains(#"note: line 3 repeats line 1 ("SE2321000016-A1") and was merged"#))
        #expect(result.stdoutText.contains("2 units"))
    }

    @Test func aWindows1252FileIsReadAndSaidSo() throws {
        let path = try CommandRunner.temporaryDirectory() + "/excel.csv"
        // "Vårdcentral Åre – Östra" in Windows-1252, as Excel's "CSV (semikolonavgränsad)" writes it.
        let bytes: [UInt8] =
            Array("SE2321000016-A1;V".utf8) + [0xE5] + Array("rdcentral ".utf8) + [0xC5]
            + Array("re ".utf8) + [0x96] + Array(" ".utf8) + [0xD6] + Array("stra\r\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let output = try Self.outputDirectory()
        let result = try Self.run(units: path, output: output)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("(Windows-1252)"))
        let book = try Self.workbook(try #require(try Self.files(in: output, ending: ".xlsx").first))
        #expect(book.cells["Logiska adresser"]?.last == [.text("SE2321000016-A1"), .text("Vårdcentral Åre – Östra")])

        try Data(Array("SE2321000016-A1;Ett\nSE2321000016-A2;T".utf8) + [0x81] + Array("v\n".utf8)).write(
            to: URL(fileURLWithPath: path))
        let undefined = try Self.run(units: path, output: try Self.outputDirectory())
        #expect(undefined.status == 65)
        #expect(undefined.stderr.contains("line 2: byte 0x81"))
    }

    @Test func existingDocumentsAreKeptUnlessForced() throws {
        let output = try Self.outputDirectory()
        let units = try Self.file("SE2321000016-A1;Ett\n")
        #expect(try Self.run(units: units, output: output).status == 0)
        let again = try Self.run(units: units, output: output)
        #expect(again.status == 73)
        #expect(again.stderr.contains("--overwrite"))
        #expect(try Self.run(units: units, output: output, extra: ["--overwrite"]).status == 0)
    }

    @Test func aFolderInTheWayStopsTheOrderBeforeAnythingIsWritten() throws {
        let output = try Self.outputDirectory()
        let units = try Self.file("hsa_id;name;contracts\nSE2321000016-A1;Ett;ProcessRequest\nSE2321000016-A2;Två;\n")
        let blocking = output + "/bulk-tak_NTJP-PROD_ProcessRequest-v1.json"
        try FileManager.default.createDirectory(atPath: blocking + "/inside", withIntermediateDirectories: true)
        let result = try Self.run(units: units, output: output, extra: ["--overwrite"])
        #expect(result.status == 73)
        #expect(
            result.stderr.contains(
                "\(blocking): cannot write: it is not a regular file (a link, folder, FIFO or device)"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: output) == ["bulk-tak_NTJP-PROD_ProcessRequest-v1.json"]
        )
    }

    @Test func fileNamesStayShortAndDistinctWhenContractsDoNot() throws {
        let long = (1...6).map {
            "urn:riv:clinicalprocess:activity:request:ProcessRequestWithAVeryLongDescriptiveName\($0)Responder:1"
        }
        let clashing = ["urn:riv:domain:one:SameNameResponder:1", "urn:riv:domain:two:SameNameResponder:1"]
        let contracts = (long + clashing).flatMap { ["--contract", "\($0)=https://remiss.example.se/x"] }
        let units = try Self.file(
            "hsa_id;name;contracts\nSE2321000016-A1;Ett;\(long.joined(separator: "|"))\n"
                + "SE2321000016-A2;Två;\(clashing[0])\nSE2321000016-A3;Tre;\(clashing[1])\n")
        let output = try Self.outputDirectory()
        let result = try Self.run(units: units, output: output, extra: ["--format", "xlsx"], contracts: contracts)
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(names.count == 3)
        #expect(names.allSatisfy { $0.utf8.count <= 165 && $0.hasSuffix(".xlsx") })
        #expect(
            names.contains { $0.hasPrefix("bulk-tak_NTJP-PROD_ProcessRequestWithAVeryLongDescriptiveName1-v1+5-more_") }
        )
        #expect(names.filter { $0.hasPrefix("bulk-tak_NTJP-PROD_SameName-v1_") }.count == 2)
        for name in names { #expect(try Self.workbook("\(output)/\(name)").cells["Logiska adresser"]?.count == 2) }
    }

    @Test func addressesFollowTAKsRulesAndHTTPSOnQAAndProduction() throws {
        let units = try Self.file("SE2321000016-A1;Ett\n")
        let plain = try Self.run(
            units: units, output: try Self.outputDirectory(),
            contracts: ["--contract", "ProcessRequest=http://remiss.example.se/pr"])
        #expect(plain.status == 64 && plain.stderr.contains("https"))
        let spaces = try Self.run(
            units: units, output: try Self.outputDirectory(),
            contracts: ["--contract", "ProcessRequest=https://remiss example"])
        #expect(spaces.status == 64 && spaces.stderr.contains("TAK's rule"))
        let development = try CommandRunner.ordermail(
            [
                "bulk-tak", "--platform", "NTJP-DEV", "--producer-hsa-id", "SE2321000016-F835", "--producer-name", "P",
                "--units", units, "--output-dir", try Self.outputDirectory(), "--executor", "Region Stockholm",
                "--contract", "ProcessRequest:2=http://remiss.example.se/pr",
            ])
        #expect(development.status == 0, "\(development.stderr)")
        #expect(development.stderr.contains("plain http"))
        #expect(development.stdoutText.contains("ProcessRequest-v2"))
    }

    @Test func aContractGivenTwiceIsAOneLineUsageError() throws {
        let result = try Self.run(
            units: try Self.file("SE2321000016-A1;Ett\n"), output: try Self.outputDirectory(),
            contracts: [
                "--contract", "ProcessRequest=https://remiss.example.se/a", "--contract",
                "ProcessRequest:1=https://remiss.example.se/b",
            ])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "ordermail: --contract: urn:riv:clinicalprocess:activity:request:ProcessRequestResponder:1 is given twice\n"
        )
    }

    @Test func theLedgerRecordsOneBulkTAKOrderPerDocument() throws {
        let output = try Self.outputDirectory()
        var rows = ["hsa_id;name;contracts"]
        rows += (0..<5).map { "SE2321000016-A\($0);Enhet \($0);" }
        rows += (0..<3).map { "SE2321000016-B\($0);Enhet B\($0);ProcessRequest" }
        #expect(try Self.run(units: try Self.file(rows.joined(separator: "\n")), output: output).status == 0)
        let ledger = output + "/../ledger.sqlite3"
        let stored = try LedgerCommandTests.sqlite(
            ledger,
            "SELECT kind, platform, hsa_id, unit_count, contract_count, document_name, document_sha256 FROM orders ORDER BY id"
        )
        let rowsStored = stored.stdoutText.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(rowsStored.count == 2)
        for row in rowsStored {
            #expect(row[0] == "bulk-tak" && row[1] == "NTJP-PROD" && row[2] == "SE2321000016-F835")
            let file = "\(output)/\(row[5])"
            let digest = try CommandRunner.run("/usr/bin/sha256sum", [file]).stdoutText.prefix(64)
            #expect(row[6] == String(digest))
        }
        #expect(Set(rowsStored.map { "\($0[3])/\($0[4])" }) == ["5/3", "3/1"])
        #expect(try LedgerCommandTests.verify(ledger).status == 0)
        let listed = try CommandRunner.ordermail(["list", "--kind", "bulk-tak", "--ledger", ledger]).stdoutText
        #expect(listed.contains("NTJP-PROD") && listed.contains("bulk-tak"))
    }

    @Test func identicalDocumentsWrittenAgainBelongToTheirFirstOrderAndItsUnitsAreListed() throws {
        let output = try Self.outputDirectory()
        let units = try Self.file(
            "hsa_id;name\nse2321000016-a65h;Vårdcentral Öst\nSE2321000016-1HZ5;Vårdcentral Väst\n")
        let fixed = ["--order-time", "2026-11-21T14:03:00+0100", "--overwrite"]
        #expect(try Self.run(units: units, output: output, extra: fixed).status == 0)
        let again = try Self.run(units: units, output: output, extra: fixed)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdoutText.contains("identical to order 1: nothing new recorded"), "\(again.stdoutText)")
        let ledger = output + "/../ledger.sqlite3"
        #expect(try LedgerCommandTests.sqlite(ledger, "SELECT count(*) FROM orders").stdoutText == "1\n")
        let json = try LedgerCommandTests.sqlite(ledger, "SELECT json_sha256 FROM orders").stdoutText.prefix(64)
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: output).first { $0.hasSuffix(".json") })
        #expect(
            String(json)
                == String(try CommandRunner.run("/usr/bin/sha256sum", ["\(output)/\(file)"]).stdoutText.prefix(64)))
        let byUnit = try CommandRunner.ordermail(["list", "--unit", "SE2321000016-A65H", "--ledger", ledger]).stdoutText
        #expect(byUnit.contains("bulk-tak") && byUnit.contains("draft"), "\(byUnit)")
        #expect(
            try CommandRunner.ordermail(["list", "--unit", "SE2321000016-F835", "--ledger", ledger]).stdoutText
                == "no orders\n")
        #expect(
            try CommandRunner.ordermail(["mark", "1", "confirmed", "--ledger", ledger]).status == 65,
            "confirmed only once submitted")
        #expect(try CommandRunner.ordermail(["mark", "1", "submitted", "--ledger", ledger]).status == 0)
        let awaiting = try CommandRunner.ordermail(["list", "--awaiting", "--ledger", ledger]).stdoutText
        #expect(awaiting.contains("submitted") && awaiting.contains("Inera's answer"))
        #expect(
            try CommandRunner.ordermail(["mark", "1", "confirmed", "--case", "TAK-88", "--ledger", ledger]).status == 0)
        let shown = try CommandRunner.ordermail(["show", "1", "--ledger", ledger]).stdoutText
        #expect(shown.contains("producer:") && shown.contains("Region Stockholm e-remiss"))
        let unitLines = shown.split(separator: "\n").drop { !$0.hasPrefix("units listed (") }
        #expect(unitLines.first == "units listed (2):", "\(shown)")
        #expect(
            Array(unitLines.dropFirst().prefix(2)) == [
                "  SE2321000016-1HZ5  Vårdcentral Väst", "  SE2321000016-A65H  Vårdcentral Öst",
            ], "\(shown)")
    }
}
