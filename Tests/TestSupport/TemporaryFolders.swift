import Foundation

/// Folders for tests to write in: all inside one folder per test process under the system
/// temporary directory, which is removed when the process exits.
public enum TemporaryFolders {
    /// A new empty folder.
    public static func make() throws -> String {
        let path = runFolder + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static let runFolder: String = {
        atexit { try? FileManager.default.removeItem(atPath: runFolder) }
        return NSTemporaryDirectory() + "ordermail-tests-\(getpid())"
    }()
}
