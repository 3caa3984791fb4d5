import Testing

@testable import OrderMail

/// The byte-level edge test that spares order text and unit lists a Unicode lookup per field
/// decides as Unicode's White_Space property does, for every scalar at either edge.
@Suite("white space at a text's edges")
struct OrderTextEdgeTests {
    @Test func agreesWithUnicodesPropertyForEveryScalarAtEitherEdge() {
        var disagreements: [String] = []
        for value in 0...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.isWhitespace
            for text in ["\(scalar)abc", "abc\(scalar)", "\(scalar)"] where text.hasWhitespaceAtAnEdge != expected {
                disagreements.append("U+\(String(value, radix: 16)) in \(text.unicodeScalars.count) scalars")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(!"Vårdenhet Östra".hasWhitespaceAtAnEdge)
        #expect("Vårdenhet\u{00A0}".hasWhitespaceAtAnEdge)
    }

    @Test func nonASCIINamesAreTrimmedAndCountedAsBefore() throws {
        #expect(try OrderText("Vårdenhet Östra", field: "name").value == "Vårdenhet Östra")
        #expect(try OrderText("\u{00A0}Vårdenhet Östra\u{2003}", field: "name").value == "Vårdenhet Östra")
        #expect(throws: FieldError.self) { try OrderText("Vårdenhet Öst", field: "name", maximumLength: 12) }
        #expect(try OrderText("Vårdenhet Ös", field: "name", maximumLength: 12).value == "Vårdenhet Ös")
        #expect(try OrderText(" Vårdenhet Ös ", field: "name", maximumLength: 12).value == "Vårdenhet Ös")
    }
}
