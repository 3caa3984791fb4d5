import Foundation
import OrderMailCore

/// Who records an event. Jump hosts often share accounts, so the operating-system user alone does
/// not say who acted.
public enum Operator {
    /// `--by`, then the configuration's `operator`, then `SUDO_USER`, then the login name.
    public static func resolve(flag: String?, configured: String?, environment: [String: String]) -> String {
        for candidate in [flag, configured, environment["SUDO_USER"]] {
            if let name = candidate?.trimmingWhitespace, !name.isEmpty { return name }
        }
        return loginName
    }

    /// The name of the account this process runs as.
    public static var loginName: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }
}
