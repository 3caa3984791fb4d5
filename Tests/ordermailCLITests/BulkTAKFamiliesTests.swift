import Foundation
import Testing

/// bulk-tak beyond e-remiss (the Tidbokning contracts, as TAK JSON only), and each warning, note and
/// refusal where it applies: the workbook's name replacement, the JSON order's re-routing, two
/// major versions, a region's own platform, the platform in the workbook, the execution time.
@Suite("ordermail bulk-tak: families, warnings, platforms")
struct BulkTAKFamiliesTests {
    static let tidbokning = [
        "CancelBooking", "GetAllCareTypes", "GetAllHealthcareFacilities", "GetAllPerformers", "GetAllTimeTypes",
        "GetAvailableDates", "GetAvailableTimeslots", "GetBookingDetails", "GetSubjectOfCareSchedule", "MakeBooking",
        "UpdateBooking",
    ]

    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func aTidbokningOrderIsTAKJSONOnlyAndValidatesAgainstTAKsSchema() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file(
            "hsa-id;namn;län\nSE2321000016-A65H;Vårdcentralen Gärdet;01\nSE2321000016-F835;Husläkarna i Täby;01\n")
        let contracts = Self.tidbokning.enumerated().flatMap { index, name in
            ["--contract", "\(index == 0 ? "tidbokning/" : "")\(name)=https://tidbok.example.se/\(name)"]
        }
        let result = try BulkTAKCommandTests.run(units: units, output: output, contracts: contracts)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try BulkTAKCommandTests.files(in: output, ending: ".xlsx").isEmpty)
        let orders = try BulkTAKCommandTests.files(in: output, ending: ".json")
        #expect(orders.count == 1)
        let validation = try CommandRunner.run(
            "/usr/bin/python3",
            ["\(CommandRunner.packageRoot)/Tests/Helpers/validate_tak_json.py", BulkTAKCommandTests.schema] + orders)
        #expect(validation.status == 0, "\(validation.stdoutText)")
        let order = try Self.json(try #require(orders.first))
        let inclusions = try #require(order["inkludera"] as? [String: Any])
        let namespaces = (inclusions["tjanstekontrakt"] as? [[String: Any]])?.compactMap { $0["namnrymd"] as? String }
        #expect(namespaces == Self.tidbokning.map { "urn:riv:crm:scheduling:\($0)Responder:1" })
        #expect((inclusions["vagval"] as? [Any])?.count == 22)
        let comment = try #require(order["kommentar"] as? String)
        #expect(comment.hasPrefix("Bulk-TAKning för Tidbokning: 2 logiska adresser"))
        #expect(comment.contains("får vägvalet flyttat till denna"))
        // Only the JSON order's warning: no workbook was written, so none of its name replacement.
        #expect(
            result.stderr.split(separator: "\n").map(String.init) == [
                "ordermail: warning: TAK JSON order: a unit already routed to another producer for one of these contracts is re-routed to SE2321000016-F835 without a question (TAK's BestallningService.prepareVagval); check the units' routing in Hippo first (the order's kommentar says so too). Logical addresses TAK already holds keep their names"
            ])
    }

    @Test func aWorkbookOfTidbokningContractsIsRefused() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file("hsa_id;name\nSE2321000016-A65H;Gärdet\n")
        let result = try BulkTAKCommandTests.run(
            units: units, output: output, extra: ["--format", "both"],
            contracts: ["--contract", "MakeBooking=https://tidbok.example.se/mb"])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "ordermail: --format: the workbook is e-remiss's form; MakeBooking-v1 can be ordered as TAK JSON only: pass --format json\n"
        )
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aTidbokningContractInAnotherMajorIsRefusedByShortName() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file("hsa_id;name\nSE2321000016-A65H;Gärdet\n")
        let result = try BulkTAKCommandTests.run(
            units: units, output: output, contracts: ["--contract", "MakeBooking:2=https://tidbok.example.se/mb"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("the catalogue knows tidbokning in major 1 only"))
    }

    @Test func theWorkbookAloneWarnsOfNameReplacementAndTheJSONAloneOfReRouting() throws {
        let units = try BulkTAKCommandTests.file("hsa_id;name\nSE2321000016-A65H;Gärdet\n")
        let workbook = try BulkTAKCommandTests.run(
            units: units, output: try BulkTAKCommandTests.outputDirectory(), extra: ["--format", "xlsx"])
        #expect(workbook.status == 0, "\(workbook.stderr)")
        #expect(workbook.stderr.contains("workbook: the names given replace the names TAK already holds"))
        #expect(!workbook.stderr.contains("re-routed"))
        let json = try BulkTAKCommandTests.run(
            units: units, output: try BulkTAKCommandTests.outputDirectory(), extra: ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(!json.stderr.contains("replace the names"))
        #expect(json.stderr.contains("is re-routed to SE2321000016-F835 without a question"))
    }

    @Test func aShortNameThatWouldNameBothMajorsIsRefusedWithItsLine() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file(
            "hsa_id;name;contracts\nSE2321000016-A1;Ett;ProcessRequest:1\nSE2321000016-A2;Två;ProcessRequest\n")
        let contracts = [
            "--contract", "ProcessRequest:1=https://remiss.example.se/v1", "--contract",
            "ProcessRequest:2=https://remiss.example.se/v2",
        ]
        let result = try BulkTAKCommandTests.run(units: units, output: output, contracts: contracts)
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "line 3: contract \"ProcessRequest\" would name majors 1 and 2 given with --contract: name the major, e.g. ProcessRequest:1"
            ), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func twoMajorsNamedExplicitlyAreAMigrationWithANote() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file(
            "hsa_id;name;contracts\nSE2321000016-A1;Ett;ProcessRequest:1|ProcessRequest:2\nSE2321000016-A2;Två;ProcessRequest:2\n"
        )
        let contracts = [
            "--contract", "ProcessRequest:1=https://remiss.example.se/v1", "--contract",
            "ProcessRequest:2=https://remiss.example.se/v2",
        ]
        let result = try BulkTAKCommandTests.run(units: units, output: output, contracts: contracts)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("note: ProcessRequest is given in majors 1 and 2 (a migration)"))
        #expect(
            result.stdoutText.contains(
                "note: line 2: contracts \"ProcessRequest:1|ProcessRequest:2\" connect units to two major versions of a contract (a migration)"
            ))
        #expect(result.stdoutText.contains("1 unit, 2 contracts: ProcessRequest-v1, ProcessRequest-v2"))
    }

    @Test func aRegionsOwnPlatformIsAcceptedWithANoteAndNamedInTheWorkbook() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file("hsa_id;name\nSE2321000016-A65H;Gärdet\n")
        var arguments = [
            "bulk-tak", "--platform", "sll-prod", "--producer-hsa-id", "SE2321000016-F835", "--producer-name", "Remiss",
            "--units", units, "--output-dir", output, "--executor", "Region Stockholm", "--ledger",
            output + "/../l.sqlite3",
        ]
        arguments += BulkTAKCommandTests.allContracts
        let result = try CommandRunner.ordermail(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText.contains("note: SLL-PROD is not one of the national platforms TAK's JSON schema lists"))
        let workbook = try #require(try BulkTAKCommandTests.files(in: output, ending: ".xlsx").first)
        #expect(
            workbook.hasSuffix(
                "/bulk-tak_SLL-PROD_ProcessRequestConfirmation-v1+ProcessRequestOutcome-v1+ProcessRequest-v1.xlsx"))
        #expect(try BulkTAKCommandTests.workbook(workbook).cells["Tjänsteproducent"]?.last?.last == .text("SLL-PROD"))
        let order = try Self.json(try #require(try BulkTAKCommandTests.files(in: output, ending: ".json").first))
        #expect(order["plattform"] as? String == "SLL-PROD")
        let http = try CommandRunner.ordermail(
            arguments.map { $0.replacingOccurrences(of: "https://", with: "http://") })
        #expect(http.status == 64)
        #expect(http.stderr.contains("must use https on SLL-PROD"))
    }

    @Test func executeAtSetsGenomforandeTidpunktAndMayNotPrecedeTheOrder() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file("hsa_id;name\nSE2321000016-A65H;Gärdet\n")
        let fixed = ["--format", "json", "--order-time", "2026-11-21T14:03:00+0100"]
        let result = try BulkTAKCommandTests.run(
            units: units, output: output, extra: fixed + ["--execute-at", "2026-12-01T06:00:00+0100"])
        #expect(result.status == 0, "\(result.stderr)")
        let order = try Self.json(try #require(try BulkTAKCommandTests.files(in: output, ending: ".json").first))
        #expect(order["bestallningsTidpunkt"] as? String == "2026-11-21T14:03:00+0100")
        #expect(order["genomforandeTidpunkt"] as? String == "2026-12-01T06:00:00+0100")
        let early = try BulkTAKCommandTests.run(
            units: units, output: try BulkTAKCommandTests.outputDirectory(),
            extra: fixed + ["--execute-at", "2026-11-20T06:00:00+0100"])
        #expect(early.status == 64)
        #expect(
            early.stderr.hasPrefix("ordermail: --execute-at: is before the order's time (2026-11-21T14:03:00+0100)"))
    }

    @Test func documentsAreWrittenPrivateAndShowListsOneUnitPerLine() throws {
        let output = try BulkTAKCommandTests.outputDirectory()
        let units = try BulkTAKCommandTests.file("hsa_id;name\nSE2321000016-A65H;Gärdet\nSE2321000016-F835;Täby\n")
        let result = try BulkTAKCommandTests.run(units: units, output: output)
        #expect(result.status == 0, "\(result.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: output) {
            let mode = try #require(
                try FileManager.default.attributesOfItem(atPath: "\(output)/\(file)")[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(file)")
        }
        let shown = try CommandRunner.ordermail(["show", "1", "--ledger", output + "/../ledger.sqlite3"]).stdoutText
        #expect(
            shown.contains("units listed (2):\n  SE2321000016-A65H  Gärdet\n  SE2321000016-F835  Täby\n"), "\(shown)")
    }
}
