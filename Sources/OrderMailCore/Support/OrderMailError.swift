import Foundation

/// Where a value came from, which decides how an error about it is labelled and classified.
public enum InputSource: Equatable, Sendable {
    /// A flag on the command line.
    case commandLine
    /// A file the user named, such as a captured `Update` request.
    case file(String)
    /// The configuration file.
    case configuration(String)

    /// How a field from this source is named in an error message.
    public func label(for field: String) -> String {
        switch self {
        case .commandLine: "--\(field)"
        case .file(let path): "\(field) in \(path)"
        case .configuration(let path): "\(field) in \(path)"
        }
    }
}

/// The classes of failure that the executable maps to exit codes, one class per documented code.
public enum FailureClass: Equatable, Sendable {
    case usage, data, noInput, unavailable, cannotCreate, outcomeUnknown
    case temporary, tls, permission, configuration
}

/// Every error the library reports to a user: a one-line message and the class of failure.
/// `LocalizedError`, so that a dependent's `error.localizedDescription` is that message.
public enum OrderMailError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A field broke a rule; the source says where the value came from.
    case invalidField(FieldError, source: InputSource)
    /// Data read from a file is unusable (not XML, values that disagree, …).
    case invalidData(String)
    /// An input file does not exist or cannot be read.
    case missingInput(path: String, reason: String)
    /// An output file exists already and `--overwrite` was not given.
    case outputExists(path: String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)
    /// A message was not delivered, or may not have been; the class says how.
    case delivery(String, FailureClass)
    /// The configuration is wrong: a file that cannot be read, an unknown key, a value that breaks a rule.
    case configurationError(String)
    /// The ledger cannot be opened, read or written; the class says why.
    case ledger(String, FailureClass)
    /// A template is missing, unreadable or uses a tag the order does not provide.
    case template(String)

    /// The class of failure, which decides the exit code.
    public var failureClass: FailureClass {
        switch self {
        case .invalidField(_, .commandLine): .usage
        case .invalidField(_, .file): .data
        case .invalidField(_, .configuration): .configuration
        case .invalidData: .data
        case .missingInput: .noInput
        case .outputExists: .cannotCreate
        case .cannotWrite: .cannotCreate
        case .template: .configuration
        case .ledger(_, let failure): failure
        case .configurationError: .configuration
        case .delivery(_, let failure): failure
        }
    }

    /// The one-line message, as `LocalizedError` gives it.
    public var errorDescription: String? { description }

    /// The one-line message shown to the user.
    public var description: String {
        switch self {
        case .invalidField(let error, let source): error.message(fieldLabel: source.label(for: error.field))
        case .invalidData(let text): text
        case .missingInput(let path, let reason): "\(path): \(reason)"
        case .outputExists(let path): "\(path): file exists; choose another name or pass --overwrite to replace it"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .template(let text): text
        case .ledger(let text, _): text
        case .configurationError(let text): text
        case .delivery(let text, _): text
        }
    }
}
