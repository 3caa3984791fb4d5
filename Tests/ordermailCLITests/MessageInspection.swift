import Foundation

/// What Python's `email` package (policy.default) made of a message.
struct MessageInspection: Decodable {
    var defects: [String]
    var headers: [String: [String]]
    var fromDisplayName: String
    var fromAddress: String
    var contentType: String
    var charset: String?
    var body: String
    var longestLine: Int
    var hasBareLineFeedOrCarriageReturn: Bool
    var endsWithCrlf: Bool

    /// The single value of header `name`, decoded.
    func header(_ name: String) -> String? { headers[name]?.first }

    /// Parses `message` with `/usr/bin/python3`'s `email` package; with `json`, the input is
    /// `compose --format json` output and its `message` member is parsed.
    static func inspect(_ message: [UInt8], json: Bool = false) throws -> MessageInspection {
        let result = try CommandRunner.run(
            "/usr/bin/python3",
            ["\(CommandRunner.packageRoot)/Tests/Helpers/inspect_message.py"] + (json ? ["--json"] : []),
            input: message)
        guard result.status == 0 else { throw InspectionFailed(stderr: result.stderr) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(MessageInspection.self, from: Data(result.stdout))
    }

    struct InspectionFailed: Error { var stderr: String }
}
