import AdvLang
import Glibc
import Synchronization

/// Ctrl-C during a computation sets the session's interrupt flag (loops, calls and long
/// built-ins stop with an "interrupted" diagnostic) and the REPL returns to its prompt with the
/// variables intact. A second Ctrl-C before the flag is cleared ends the process (exit 130), for
/// a built-in that never polls the flag; not while a line is read (`isReadingLine`), where each
/// Ctrl-C only drops the line typed, however fast they come.
///
/// Every Ctrl-C also writes a byte to a pipe (the self-pipe trick), so a thread waiting for
/// input with `poll` wakes up whichever thread the kernel ran the handler on: that is how
/// `ReadlineLineReader` abandons the line being typed.
public enum SignalHandling {
    /// The pipe's write end, used by the handler; -1 before `installInterruptHandler`.
    private static let wakeUpWriteEnd = Atomic<Int32>(-1)
    /// The pipe's read end, for `poll`; -1 before `installInterruptHandler`.
    private static let wakeUpReadEnd = Atomic<Int32>(-1)
    /// True while `ReadlineLineReader` waits for a line.
    static let isReadingLine = Atomic<Bool>(false)

    public static func installInterruptHandler() {
        makeWakeUpPipe()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Interrupt.isRaised && !SignalHandling.isReadingLine.load(ordering: .relaxed) { _exit(130) }
            Interrupt.raise()
            // NOTE: only async-signal-safe calls here; errno is kept for the code interrupted.
            let savedErrno = errno
            var byte: UInt8 = 1
            _ = write(SignalHandling.wakeUpWriteEnd.load(ordering: .relaxed), &byte, 1)
            errno = savedErrno
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// The descriptor that becomes readable when Ctrl-C is pressed (-1 without the handler).
    static var wakeUpDescriptor: Int32 { wakeUpReadEnd.load(ordering: .relaxed) }

    /// Empties the pipe; true when it held a Ctrl-C pressed since it was last emptied.
    @discardableResult
    static func drainWakeUps() -> Bool {
        let descriptor = wakeUpDescriptor
        guard descriptor >= 0 else { return false }
        var bytes = [UInt8](repeating: 0, count: 64)
        var pressed = false
        while read(descriptor, &bytes, bytes.count) > 0 { pressed = true }
        return pressed
    }

    /// Both ends non-blocking and closed on exec: a full pipe drops a wake-up (one is enough)
    /// instead of blocking the handler, and the reader drains it without waiting.
    private static func makeWakeUpPipe() {
        guard wakeUpReadEnd.load(ordering: .relaxed) < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeUpWriteEnd.store(ends[1], ordering: .relaxed)
        wakeUpReadEnd.store(ends[0], ordering: .relaxed)
    }
}
