import CSignals
import Glibc

/// The process's signal handling: the only Swift file that calls the signal shim.
///
/// The library changes a process's signal state only for as long as one of its calls runs, and
/// puts it back (``guardingChildGroup(_:)``); what stays for the life of the process
/// (``installInterruptFlag()``, ``letFatalSignalsEndTheProcess()``) is for an executable to ask for.
public enum ProcessSignals {
    /// Makes the first SIGINT (Ctrl-C) set ``interrupted`` instead of ending the process; a second
    /// one ends it at once. For an executable: a long transfer asks ``interrupted`` and stops.
    public static func installInterruptFlag() throws(OrderMailError) {
        let code = ordermail_interrupt_flag_install()
        guard code == 0 else {
            throw .configurationError("signals: cannot handle SIGINT: \(String(cString: strerror(code)))")
        }
    }

    /// Whether SIGINT arrived since ``installInterruptFlag()``.
    public static var interrupted: Bool { ordermail_interrupted() != 0 }

    /// Ends the process by SIGINT, as an interrupted command should (its parent sees the signal).
    public static func endByInterrupt() -> Never {
        signal(SIGINT, SIG_DFL)
        raise(SIGINT)
        exit(130)
    }

    /// SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP end the process (their
    /// default action), even when sent with `kill`: nothing is recorded after one. For an executable.
    public static func letFatalSignalsEndTheProcess() {
        _ = ordermail_fatal_signals_end_process()
    }

    /// Runs `spawn`, which starts a child process group and returns its id, with SIGINT, SIGTERM
    /// and SIGHUP blocked across the spawn; then, until the returned guard's `end()`, those signals
    /// kill the group and go on to the caller's own disposition. `spawn` receives a function that
    /// sets the child's signal mask and defaults in its spawn attributes.
    package static func guardingChildGroup(
        _ spawn: (_ prepareChild: (inout posix_spawnattr_t) -> Void) throws(OrderMailError) -> pid_t
    ) throws(OrderMailError) -> ChildGroupGuard {
        let code = ordermail_child_guard_begin()
        guard code == 0 else {
            throw .configurationError("signals: cannot block signals: \(String(cString: strerror(code)))")
        }
        let group: pid_t
        do {
            group = try spawn { attributes in _ = ordermail_child_guard_child_attributes(&attributes) }
        } catch {
            ordermail_child_guard_end()
            throw error
        }
        ordermail_child_guard_started(group)
        return ChildGroupGuard()
    }

    /// Ends ``guardingChildGroup(_:)``'s handling: the caller's handlers and mask are back.
    package struct ChildGroupGuard {
        package func end() { ordermail_child_guard_end() }
    }

    /// 0 when `signal` has its default action, 1 when ignored, 2 when a handler catches it.
    package static func disposition(of signal: Int32) -> Int32 { ordermail_signal_disposition(signal) }

    /// Whether `signal` is blocked in the calling thread.
    package static func isBlocked(_ signal: Int32) -> Bool { ordermail_signal_blocked(signal) == 1 }
}
