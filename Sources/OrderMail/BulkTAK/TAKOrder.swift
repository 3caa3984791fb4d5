import Foundation
import OrderMailCore

/// TAK's machine-readable order (JSON Beställning), member for member as TAK's schema
/// `jsonBestallningSchema.json` names them.
struct TAKOrder: Codable, Equatable {
    /// A service contract: `namnrymd` is its namespace.
    struct Contract: Codable, Equatable {
        var namnrymd: String
        var beskrivning: String
        var majorVersion: Int
    }

    /// A logical address or a service component: an HSA-id and its name.
    struct Entity: Codable, Equatable {
        var hsaId: String
        var beskrivning: String
    }

    /// A consumer's permission to call a contract at a logical address.
    struct Authorization: Codable, Equatable {
        var logiskAdress: String
        var tjanstekontrakt: String
        var tjanstekonsument: String
    }

    /// A route: calls to `tjanstekontrakt` for `logiskAdress` go to `adress` of `tjanstekomponent`.
    struct Route: Codable, Equatable {
        var adress: String
        var logiskAdress: String
        var tjanstekontrakt: String
        var rivtaprofil: String
        var tjanstekomponent: String
    }

    /// What the order adds.
    struct Inclusions: Codable, Equatable {
        var tjanstekontrakt: [Contract]
        var logiskadresser: [Entity]
        var tjanstekomponenter: [Entity]
        var anropsbehorigheter: [Authorization]
        var vagval: [Route]
    }

    /// What the order removes.
    struct Exclusions: Codable, Equatable {
        var anropsbehorigheter: [Authorization]
        var vagval: [Route]
    }

    var plattform: String
    var formatVersion: Int
    var version: Int
    var utforare: String
    var kommentar: String
    /// `yyyy-MM-dd'T'HH:mm:ssZ`, as TAK reads it.
    var bestallningsTidpunkt: String
    var genomforandeTidpunkt: String
    var inkludera: Inclusions
    var exkludera: Exclusions

    /// The order as UTF-8 JSON: members sorted by name and indented, so the same order gives the same bytes.
    func encoded() throws(OrderMailError) -> [UInt8] {
        do { return try JSONDocument.encode(self) } catch {
            throw .invalidData("the TAK JSON order cannot be encoded: \(error)")
        }
    }
}
