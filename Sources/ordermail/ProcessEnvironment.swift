import Foundation

/// The process's environment variables, read once: Foundation builds the dictionary anew on each
/// `ProcessInfo.environment`.
enum ProcessEnvironment {
    static let variables = ProcessInfo.processInfo.environment
}
