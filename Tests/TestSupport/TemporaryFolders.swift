import Foundation

/// Folders for tests to write in: all inside one folder per test process under the system
/// temporary directory, which is removed when the process exits.
///
/// Names are letters only: a run of digits in a path could look like a personal identity number
/// to a check that masks them, and a test must not pass or fail on the name it happened to draw.
public enum TemporaryFolders {
    /// A new empty folder.
    public static func make() throws -> String {
        let path = runFolder + "/" + randomLetters(16)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `count` letters a–z drawn at random.
    public static func randomLetters(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(
            (0..<count).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x61...0x7A, using: &generator))) })
    }

    private static let runFolder: String = {
        let folder = NSTemporaryDirectory() + "ordermail-tests-" + randomLetters(12)
        atexit { try? FileManager.default.removeItem(atPath: runFolder) }
        return folder
    }()
}
