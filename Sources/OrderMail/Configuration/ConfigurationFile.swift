import Foundation
import OrderMailCore

/// Reads and writes the configuration file: `key = value` lines, comments on lines of their own
/// (starting with `#`), blank lines.
///
/// Chosen over TOML or YAML because every setting is one scalar or one comma-separated list: the
/// format needs no quoting rules to learn, keeps comments, and needs no dependency. Unknown keys,
/// repeated keys and values that break their key's rule are refused with the file and line named,
/// whether or not a flag overrides them.
public enum ConfigurationFile {
    /// The environment variable that names a configuration file.
    public static let environmentVariable = "ORDERMAIL_CONFIG"

    /// `--config`, then `ORDERMAIL_CONFIG`, then `$XDG_CONFIG_HOME/ordermail/config` (`~/.config/…`).
    /// The second member says whether the user named it (then it must exist).
    public static func path(explicit: String?, environment: [String: String]) -> (path: String, named: Bool) {
        if let explicit { return (explicit, true) }
        if let named = environment[environmentVariable], !named.isEmpty { return (named, true) }
        let configHome =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.config"
        return ("\(configHome)/ordermail/config", false)
    }

    /// Loads the file at `path`; a missing file the user did not name is an empty configuration.
    ///
    /// The file can name a command that ordermail runs, so, as OpenSSH does, it must belong to the
    /// user (or root) and neither its group nor others may write it.
    public static func load(path: String, named: Bool) throws(OrderMailError) -> Configuration {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT, !named { return Configuration() }
            throw .configurationError(
                "\(path): cannot read the configuration file: \(String(cString: strerror(errno)))")
        }
        guard info.st_uid == geteuid() || info.st_uid == 0 else {
            throw .configurationError(
                "\(path): the configuration file belongs to another user (uid \(info.st_uid)); use your own copy")
        }
        guard info.st_mode & 0o022 == 0 else {
            throw .configurationError(
                "\(path): its group or others may write the configuration file (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod go-w \(path)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw .configurationError("\(path): cannot read the configuration file (or it is not UTF-8)")
        }
        return try parse(text, path: path)
    }

    /// Parses configuration text; errors name `path`, the line and the key.
    public static func parse(_ text: String, path: String) throws(OrderMailError) -> Configuration {
        var configuration = Configuration()
        configuration.path = path
        var seen: Set<String> = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let location = "\(path):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw .configurationError("\(location): expected key = value, found \(Quoted(line))")
            }
            let key = line[..<equals].trimmingWhitespace
            let value = line[line.index(after: equals)...].trimmingWhitespace
            guard ConfigurationKey.named(key) != nil else {
                throw .configurationError(
                    "\(location): unknown key \(Quoted(key)); known keys: \(ConfigurationKey.all.map(\.name).joined(separator: ", "))"
                )
            }
            guard seen.insert(key).inserted else { throw .configurationError("\(location): \(key) is set twice") }
            if value.isEmpty { continue }
            guard !value.contains("#") else {
                throw .configurationError(
                    "\(location): \(key): a value cannot hold #; comments go on lines of their own")
            }
            do {
                try configuration.set(key, to: value, origin: location, fromFile: true)
            } catch {
                throw .configurationError("\(location): \(error.message(fieldLabel: key))")
            }
        }
        try configuration.checkPasswordSources()
        return configuration
    }

    /// A commented example configuration, as `config init` writes it, made from the table of keys:
    /// prose stays on comment lines, so uncommenting a key line gives exactly its example value.
    public static var example: String {
        var lines = [
            "# ordermail configuration: key = value, one per line. Comments go on lines of their own.",
            "# Flags on the command line override these values.",
        ]
        for section in ConfigurationKey.Section.allCases {
            lines += ["", "# \(section.rawValue)"]
            for key in ConfigurationKey.all where key.section == section {
                lines.append("# \(key.name): \(key.summary).")
                lines.append((key.enabledInExample ? "" : "# ") + "\(key.name) = \(key.example)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
