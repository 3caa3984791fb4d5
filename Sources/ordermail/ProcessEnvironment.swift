import Foundation

/// The process's environment variables, read once from the C library's `environ` (Foundation's
/// `ProcessInfo.environment` builds its dictionary anew on each call, at several times the cost).
enum ProcessEnvironment {
    static let variables: [String: String] = {
        var variables = [String: String](minimumCapacity: 64)
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let separator = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                // The first definition wins, as getenv(3) finds it.
                let name = String(text[..<separator])
                if variables[name] == nil { variables[name] = String(text[text.utf8.index(after: separator)...]) }
            }
            entry += 1
        }
        return variables
    }()
}
