import AdvLang
import Glibc

/// Ctrl-C during a computation sets the session's interrupt flag (loops, calls and long
/// built-ins stop with an "interrupted" diagnostic) and the REPL returns to its prompt with the
/// variables intact.
public enum SignalHandling {
    public static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.raise() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
