import CReadline
import Foundation

/// GNU readline: line editing, history in ~/.adv_history, and tab completion of keywords,
/// built-ins and the session's names (through `Completion.candidates`).
public final class ReadlineLineReader: LineReader {
    private let historyPath: String
    private let completion: () -> [String]

    public init(completion: @escaping () -> [String]) {
        historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.adv_history"
        self.completion = completion
        adv_rl_set_readline_name("adv")
        // NOTE: our SIGINT handler sets the interrupt flag; readline must not install its own.
        adv_rl_set_catch_signals(0)
        adv_rl_set_completion_function(advCompletion)
        _ = read_history(historyPath)
    }

    public func readLine(prompt: String) -> String? {
        let names = completion()
        Completion.available.withLock { $0 = names }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    public func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(entry)
        _ = write_history(historyPath)
    }

    public var isInteractive: Bool { true }
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
