import Testing

@Suite("ordermail check-hsa-id")
struct CheckHSAIDCommandTests {
    @Test("valid ids exit 0", arguments: ["SE2321000016-84GX", "SE160000000000-1337", "TSTNMT2321000156-107Q"])
    func validIDs(_ id: String) throws {
        let result = try CommandRunner.ordermail(["check-hsa-id", id])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("valid HSA-id"))
    }

    @Test(
        "invalid ids exit 65 and name the broken rule",
        arguments: [
            ("SE000000000037", "organisation number"), ("SE2321000017-84GX", "Luhn"), ("SE2321000016-Å", "no å"),
        ])
    func invalidIDs(_ id: String, rule: String) throws {
        let result = try CommandRunner.ordermail(["check-hsa-id", id])
        #expect(result.status == 65)
        #expect(result.stdoutText.contains(rule))
    }

    @Test(
        "the Engagemangsindex line says what the index checks: at most 64 characters, no leading or trailing white space",
        arguments: [
            ("SE2321000016-Å", "yes"), ("SE2321000016-84 GX", "yes"), (" SE2321000016-84GX", "no "),
            (String(repeating: "A", count: 65), "no "),
        ])
    func engagementIndexLine(_ id: String, mark: String) throws {
        let result = try CommandRunner.ordermail(["check-hsa-id", id])
        #expect(
            result.stdoutText.contains(
                "\(mark) Engagemangsindex: at most 64 characters, no leading or trailing white space\n"),
            "\(result.stdoutText)")
    }
}
