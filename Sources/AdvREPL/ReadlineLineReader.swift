import AdvLang
import CReadline
import Foundation
import Glibc
import Synchronization

/// GNU readline: line editing, history in ~/.adv_history, and tab completion of keywords,
/// built-ins and the session's names (through `Completion.candidates`).
///
/// Ctrl-C while a line is typed abandons it: `readLine` returns `.cancelled` at once and the
/// REPL shows a fresh `adv> ` prompt. readline's own signal handling stays off (our SIGINT
/// handler raises the interrupt flag that running programs poll), so readline never sees the
/// Ctrl-C; the reader must notice it instead. It reads through readline's callback interface:
/// it waits with `poll` on the terminal and on `SignalHandling`'s wake-up pipe, feeds readline
/// one character at a time (`rl_callback_read_char`) when a key arrives, and when the pipe says
/// Ctrl-C, drops the line (`cancelLine`).
///
/// NOTE: this design over the others because every readline call is made from ordinary code,
/// between two characters, never from the signal handler: readline's functions are not
/// async-signal-safe (they allocate, write to a stdio stream, change terminal modes), so a
/// handler calling `rl_free_line_state` or setting `rl_done` while `readline()` is inside one
/// of them could corrupt its state, and `rl_done` alone is seen only after the next key. Jumping
/// out of `readline()` with `siglongjmp` from the handler would skip its clean-up. The pipe
/// wakes `poll` even when the kernel runs the handler on another thread (OpenBLAS's, the worker
/// pool's), where an `EINTR` would not reach the waiting thread, and a Ctrl-C pressed while
/// readline is busy with a key is not lost: its byte waits in the pipe.
public final class ReadlineLineReader: LineReader {
    private let historyPath: String
    private let completion: () -> [String]

    public init(completion: @escaping () -> [String]) {
        historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.adv_history"
        self.completion = completion
        adv_rl_set_readline_name("adv")
        // NOTE: our SIGINT handler sets the interrupt flag; readline must not install its own.
        adv_rl_set_catch_signals(0)
        // Its SIGWINCH handler stays on while a line is read, not only inside
        // `rl_callback_read_char`: a terminal resized at the prompt is seen at the next key.
        adv_rl_set_persistent_signal_handlers(1)
        adv_rl_set_completion_function(advCompletion)
        _ = read_history(historyPath)
    }

    public func readLine(prompt: String) -> LineInput {
        let names = completion()
        Completion.available.withLock { $0 = names }
        // A Ctrl-C pressed before this prompt stopped what ran then; it is not this line's.
        SignalHandling.drainWakeUps()
        received.withLock { $0 = nil }
        adv_rl_forget_eof()
        SignalHandling.isReadingLine.store(true, ordering: .relaxed)
        defer {
            // A Ctrl-C at the prompt only drops the line: its flag is lowered before the handler
            // would take a second one for a stuck computation.
            Interrupt.clear()
            SignalHandling.isReadingLine.store(false, ordering: .relaxed)
        }
        rl_callback_handler_install(prompt, advLineHandler)
        let terminal = adv_rl_input_descriptor()
        var waiting = [
            pollfd(fd: terminal, events: Int16(POLLIN), revents: 0),
            pollfd(fd: SignalHandling.wakeUpDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            if let input = received.withLock({ $0.take() }) {
                // At end of input the cursor is still on the prompt's line.
                if input == .end && adv_rl_ends_line_at_eof() == 0 { newLine() }
                return input
            }
            waiting[0].revents = 0
            waiting[1].revents = 0
            let ready = poll(&waiting, nfds_t(waiting.count), -1)
            if ready < 0 && errno != EINTR {
                rl_callback_handler_remove()
                return .end
            }
            if SignalHandling.drainWakeUps() {
                cancelLine()
                return .cancelled
            }
            if waiting[0].revents & Int16(POLLNVAL) != 0 {
                rl_callback_handler_remove()
                return .end
            }
            // A key, or the terminal gone (POLLHUP, POLLERR): readline reads it and, at the end
            // of a line or of input, calls `advLineHandler`.
            let events = waiting[0].revents
            guard events != 0 else { continue }
            rl_callback_read_char()
            if events & Int16(POLLIN) == 0, received.withLock({ $0 == nil }) {
                // Gone, and readline did not take it for the end of input: end it here rather
                // than poll a dead terminal for ever.
                rl_callback_handler_remove()
                return .end
            }
        }
    }

    /// Abandons the line being typed, as a shell does on Ctrl-C: readline forgets the line's
    /// state (undo list, a search or a numeric argument under way, a key read ahead), echoes
    /// `^C` where the terminal would, restores the terminal's modes, and the cursor moves to a
    /// new line for the next prompt.
    private func cancelLine() {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_echo_signal_char(SIGINT)
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        // Browsing history with the arrow keys starts again from the newest entry.
        using_history()
        newLine()
    }

    private func newLine() {
        _ = rl_crlf()
        adv_rl_flush_output()
    }

    public func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(entry)
        _ = write_history(historyPath)
    }

    public var isInteractive: Bool { true }
}

/// What readline's line callback received for the `readLine` under way; nil until then.
private let received = Mutex<LineInput?>(nil)

/// readline's callback at the end of a line (nil: end of input). It removes itself, so readline
/// neither redraws the prompt nor reads on while the entry runs; the next `readLine` installs it
/// again.
private func advLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    rl_callback_handler_remove()
    guard let line else {
        received.withLock { $0 = .end }
        return
    }
    defer { free(line) }
    let text = String(cString: line)
    received.withLock { $0 = .line(text) }
}

/// readline's completion callback: the candidates starting with the word being typed.
private func advCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
>? {
    adv_rl_set_attempted_completion_over(1)
    return rl_completion_matches(text, advCompletionGenerator)
}

/// Called by readline with state 0 first, then 1, 2, ... until it returns nil.
private func advCompletionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    guard let text else { return nil }
    let prefix = String(cString: text)
    if state == 0 {
        let all = Completion.available.withLock { $0 }
        Completion.matches.withLock { $0 = Completion.candidates(prefix, all) }
    }
    let index = Int(state)
    let match: String? = Completion.matches.withLock { index < $0.count ? $0[index] : nil }
    return match.map { strdup($0) }
}
