/// A value that is written as its text: in JSON output, one string.
public protocol EncodedAsText: Encodable, CustomStringConvertible {}

extension EncodedAsText {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
