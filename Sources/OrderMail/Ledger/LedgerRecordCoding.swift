/// Converts records to and from SQLite rows, and into the canonical text the hash chain covers.
extension OrderRecord {
    /// The row in `LedgerSchema.orderColumns` order.
    var row: [SQLValue] {
        [
            .integer(id), .text(createdAt), .text(kind.rawValue), .optionalText(environment), .optionalText(platform),
            .text(hsaID), .text(hsaIDNormalized), .integer(nonstandardHSAID ? 1 : 0), .text(systemName), .text(region),
            .optionalText(regionHSAID), .text(contactName), .text(contactEmail), .optionalText(contactPhone),
            .optionalText(reference), .optionalText(vendor), .optionalText(requestedDate),
            .integer(complianceConfirmed ? 1 : 0), .text(language), .text(recipients), .text(copies),
            .optionalText(sender), .text(messageID), .text(messageSHA256), .blob(message), .text(toolVersion),
            .text(recordedBy),
        ] + documentRow
    }

    private var documentRow: [SQLValue] {
        guard let document else { return [.null, .null, .null, .null] }
        return [.integer(Int64(document.unitCount)), .integer(Int64(document.contractCount)), .text(document.name), .text(document.sha256)]
    }

    /// Reads a row in `LedgerSchema.orderColumns` order; nil when a column holds what it may not.
    init?(row: [SQLValue]) {
        guard row.count == LedgerSchema.orderColumns.count,
              let id = row[0].integer, let createdAt = row[1].text,
              let kind = row[2].text.flatMap(OrderKind.init(rawValue:)),
              let hsaID = row[5].text, let normalized = row[6].text, let nonstandard = row[7].integer,
              let systemName = row[8].text, let region = row[9].text, let contactName = row[11].text,
              let contactEmail = row[12].text, let compliance = row[17].integer, let language = row[18].text,
              let recipients = row[19].text, let copies = row[20].text, let messageID = row[22].text,
              let sha = row[23].text, let message = row[24].blob, let toolVersion = row[25].text,
              let recordedBy = row[26].text
        else { return nil }
        var document: DocumentFacts?
        if let units = row[27].integer, let contracts = row[28].integer, let name = row[29].text, let sha = row[30].text {
            document = DocumentFacts(unitCount: Int(units), contractCount: Int(contracts), name: name, sha256: sha)
        }
        self.init(
            id: id, createdAt: createdAt, kind: kind, environment: row[3].text, platform: row[4].text, hsaID: hsaID,
            hsaIDNormalized: normalized, nonstandardHSAID: nonstandard != 0, systemName: systemName, region: region,
            regionHSAID: row[10].text, contactName: contactName, contactEmail: contactEmail, contactPhone: row[13].text,
            reference: row[14].text, vendor: row[15].text, requestedDate: row[16].text,
            complianceConfirmed: compliance != 0, language: language, recipients: recipients, copies: copies,
            sender: row[21].text, messageID: messageID, messageSHA256: sha, message: message,
            toolVersion: toolVersion, recordedBy: recordedBy, document: document)
    }

    /// The SHA-256 of every column, the message bytes included; a whitelisting order's covers the
    /// columns of schema version 1 only, which are all it uses.
    var digest: String {
        let columns = kind == .whitelisting ? Array(row.prefix(row.count - LedgerSchema.documentColumns.count)) : row
        return SHA256.hex(CanonicalForm.encode(columns))
    }
}

extension EventRecord {
    /// The row in `LedgerSchema.eventColumns` order.
    var row: [SQLValue] {
        [
            .integer(sequence), .integer(orderID), .text(at), .text(type.rawValue), .optionalText(detail),
            .optionalText(supportCase), .optionalText(note), .text(recordedBy), .text(previousHash), .text(hash),
        ]
    }

    /// Reads a row in `LedgerSchema.eventColumns` order; nil when a column holds what it may not.
    init?(row: [SQLValue]) {
        guard row.count == LedgerSchema.eventColumns.count, let sequence = row[0].integer,
              let orderID = row[1].integer, let at = row[2].text,
              let type = row[3].text.flatMap(EventType.init(rawValue:)), let recordedBy = row[7].text,
              let previousHash = row[8].text, let hash = row[9].text
        else { return nil }
        self.init(
            sequence: sequence, orderID: orderID, at: at, type: type, detail: row[4].text, supportCase: row[5].text,
            note: row[6].text, recordedBy: recordedBy, previousHash: previousHash, hash: hash)
    }

    /// The hash this event must carry: over the previous hash, every column but its own hash,
    /// and the digest of its order's record, so that changing a stored order breaks the chain too.
    func expectedHash(orderDigest: String) -> String {
        SHA256.hex(CanonicalForm.encode(Array(row.dropLast()) + [.text(orderDigest)]))
    }
}

/// An unambiguous byte encoding of a row: each value tagged with its type and length.
enum CanonicalForm {
    static func encode(_ values: [SQLValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            switch value {
            case .null: bytes += Array("N;".utf8)
            case .integer(let number): bytes += Array("I\(number);".utf8)
            case .text(let text): bytes += Array("T\(text.utf8.count):".utf8) + Array(text.utf8) + [UInt8(ascii: ";")]
            case .blob(let blob): bytes += Array("B\(blob.count):".utf8) + blob + [UInt8(ascii: ";")]
            }
        }
        return bytes
    }
}

extension SQLValue {
    static func optionalText(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
}
