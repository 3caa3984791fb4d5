import ArgumentParser
import Foundation
import OrderMail

/// `ordermail check-hsa-id`: tells which HSA-id rules an id meets.
struct CheckHSAIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-hsa-id",
        abstract: "Check an HSA-id against Inera's rules and Engagemangsindex's.",
        discussion: "Exits 0 when the id meets Inera's rules (a TSTNMT id: QA only), 65 when it does not.")

    @Argument(help: "The id to check.")
    var id: String

    func run() throws {
        let analysis = HSAIDAnalysis(id)
        let mark = { (ok: Bool) in ok ? "yes" : "no " }
        var lines = [
            "id: \(Quoted(id))",
            "\(mark(analysis.prefix != .none)) prefix SE, or TSTNMT (Inera's test catalogue)",
            "\(mark(analysis.organisationNumber != nil)) 10-digit organisation number, optionally after 16",
            "\(mark(analysis.hasValidCheckDigit)) organisation number's Luhn check digit",
            "\(mark(analysis.hasValidSuffix)) - and a suffix of A-Z, a-z, 0-9",
            "\(mark(analysis.hasValidLength)) at most \(HSAIDAnalysis.maximumLength) characters",
            "\(mark(analysis.passesEngagementIndexValidation)) Engagemangsindex: at most 64 characters, no leading or trailing white space",
        ]
        if let brokenRule = analysis.firstBrokenRule {
            lines.append("not a valid HSA-id: \(brokenRule)")
        } else {
            lines.append(
                analysis.prefix == .testCatalogue
                    ? "valid HSA-id from Inera's test catalogue: QA orders only" : "valid HSA-id")
        }
        Console.write(Array((lines.joined(separator: "\n") + "\n").utf8))
        if !analysis.meetsStrictRules {
            throw OrderMailError.invalidData("\(Quoted(id)) is not a valid HSA-id")
        }
    }
}
