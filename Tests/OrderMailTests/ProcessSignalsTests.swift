import Foundation
import Testing

@testable import OrderMail

/// A library call leaves the process's signal state as it found it: the password command's
/// handlers are the library's only for as long as the command runs.
@Suite("signal state around a password command", .serialized)
struct ProcessSignalsTests {
    @Test func aPasswordCommandLeavesTheCallersHandlersAndMaskAsTheyWere() throws {
        // The caller's state: its own SIGINT handler, SIGHUP ignored, SIGTERM and SIGHUP (only) blocked in this thread.
        let previousInterrupt = signal(SIGINT, SIG_DFL)
        let previousHangUp = signal(SIGHUP, SIG_IGN)
        try ProcessSignals.installInterruptFlag()
        var blockTerm = sigset_t()
        sigemptyset(&blockTerm)
        sigaddset(&blockTerm, SIGTERM)
        sigaddset(&blockTerm, SIGHUP)
        var callersMask = sigset_t()
        pthread_sigmask(SIG_SETMASK, &blockTerm, &callersMask)
        defer {
            pthread_sigmask(SIG_SETMASK, &callersMask, nil)
            signal(SIGHUP, previousHangUp)
            signal(SIGINT, previousInterrupt)
        }

        let output = try PasswordCommand.run("printf secret", timeout: 30)

        #expect(ProcessSignals.disposition(of: SIGINT) == 2, "the caller's SIGINT handler is back")
        #expect(ProcessSignals.disposition(of: SIGHUP) == 1, "SIGHUP is still ignored")
        #expect(ProcessSignals.disposition(of: SIGTERM) == 0)
        #expect(ProcessSignals.isBlocked(SIGTERM) && ProcessSignals.isBlocked(SIGHUP), "the caller's mask is back")
        #expect(!ProcessSignals.isBlocked(SIGINT))
        #expect(output == Array("secret".utf8))
    }
}
