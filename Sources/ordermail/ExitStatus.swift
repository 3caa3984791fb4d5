import OrderMail

/// The one place that maps failures to exit codes (sysexits.h), as README.md lists them.
enum ExitStatus {
    static func code(for failure: FailureClass) -> Int32 {
        switch failure {
        case .usage: 64
        case .data: 65
        case .noInput: 66
        case .unavailable: 69
        case .cannotCreate: 73
        case .outcomeUnknown: 74
        case .temporary: 75
        case .tls: 76
        case .permission: 77
        case .configuration: 78
        }
    }
}
