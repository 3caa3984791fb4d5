import Foundation
import OrderMailCore

/// Runs a `password-command` (or `imap-password-command`, `oauth2-token-command`) by `/bin/sh -c`, bounded in time, in a process group of its own.
///
/// The group is killed, with every child it started, when the time runs out, once the command has
/// exited (a background child that keeps the output open cannot make ordermail wait), and when
/// ordermail receives SIGINT, SIGTERM or SIGHUP while the command runs; the signal then goes on to
/// the caller's own handler (by default it ends the process). The signals are blocked across the
/// spawn, and the caller's handlers and mask are put back once the command is over. (SIGKILL
/// cannot be caught: a killed ordermail leaves the command to finish on its own.)
enum PasswordCommand {
    /// The most output a password command may print.
    static let maximumOutput = 65_536

    /// The command's standard output; it must exit 0 within `timeout` seconds. Errors start with `key`.
    static func run(_ command: String, timeout: Double, key: String = "password-command") throws(OrderMailError)
        -> [UInt8]
    {
        func failure(_ text: String) -> OrderMailError { .configurationError("\(key): \(text)") }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw failure("cannot make a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        let group: pid_t
        let signalGuard: ProcessSignals.ChildGroupGuard
        do {
            defer { close(writeEnd) }
            var started: pid_t = 0
            signalGuard = try ProcessSignals.guardingChildGroup { (prepareChild) throws(OrderMailError) -> pid_t in
                started = try spawn(command, output: writeEnd, closing: readEnd, key: key, prepareChild: prepareChild)
                return started
            }
            group = started
        }
        defer { signalGuard.end() }
        var output: [UInt8] = []
        var status: Int32 = 0
        var exited = false
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer { Secret.wipe(&chunk) }
        var open = true
        while !exited {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                kill(-group, SIGKILL)
                _ = waitpid(group, &status, 0)
                throw failure("the command did not finish within \(ConfigurationKey.formatted(timeout)) s")
            }
            if open {
                var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, Int32(min(remaining, 0.05) * 1000)) > 0 {
                    let count = read(readEnd, &chunk, chunk.count)
                    if count > 0 { output += chunk[..<count] } else if count == 0 { open = false }
                }
            } else {
                usleep(10_000)
            }
            guard output.count <= maximumOutput else {
                kill(-group, SIGKILL)
                _ = waitpid(group, &status, 0)
                throw failure("the command printed more than \(maximumOutput) bytes")
            }
            exited = waitpid(group, &status, WNOHANG) == group
        }
        // The command has exited: take what it printed, then end whatever it left running.
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        while open, poll(&descriptor, 1, 0) > 0 {
            let count = read(readEnd, &chunk, chunk.count)
            if count > 0, output.count + count <= maximumOutput { output += chunk[..<count] } else { open = false }
        }
        kill(-group, SIGKILL)
        let exitStatus = (status >> 8) & 0xFF
        guard status & 0x7F == 0, exitStatus == 0 else {
            throw failure(
                status & 0x7F == 0
                    ? "the command failed with exit status \(exitStatus)"
                    : "the command was ended by signal \(status & 0x7F)")
        }
        return output
    }

    /// Starts `/bin/sh -c command` as the leader of a new process group, its standard output `output`
    /// and its standard input `/dev/null`.
    private static func spawn(
        _ command: String, output: Int32, closing unused: Int32, key: String,
        prepareChild: (inout posix_spawnattr_t) -> Void
    ) throws(OrderMailError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_addclose(&actions, output)
        posix_spawn_file_actions_addclose(&actions, unused)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        prepareChild(&attributes)
        let arguments: [UnsafeMutablePointer<CChar>?] =
            ["/bin/sh", "-c", command].map { (text: String) in strdup(text) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, "/bin/sh", &actions, &attributes, arguments, environ)
        guard code == 0 else {
            throw .configurationError("\(key): the command could not be started: \(String(cString: strerror(code)))")
        }
        return child
    }
}
