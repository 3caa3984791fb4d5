import Foundation

/// The one configuration of the JSON documents ordermail writes (`--format json` reports, TAK
/// orders, a compliance check's recorded summary): members sorted by name and indented, slashes
/// unescaped, dates in ISO 8601 (UTC), a line feed at the end, so that one value always gives the
/// same bytes. JSON Lines output (`list --format json`) is written by ``JSONLine``.
public enum JSONDocument {
    /// `value` as a UTF-8 JSON document.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
    }
}
