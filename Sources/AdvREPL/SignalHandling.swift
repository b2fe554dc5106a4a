import AdvLang
import Glibc

/// Ctrl-C during a computation sets the session's interrupt flag (loops, calls and long
/// built-ins stop with an "interrupted" diagnostic) and the REPL returns to its prompt with the
/// variables intact. A second Ctrl-C before the flag is cleared ends the process (exit 130), for
/// a built-in that never polls the flag.
public enum SignalHandling {
    public static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Interrupt.isRaised { _exit(130) }
            Interrupt.raise()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
