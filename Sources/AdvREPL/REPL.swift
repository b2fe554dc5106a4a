import AdvLang
import Foundation

/// The read-eval-print loop over a `LineReader`.
///
/// An entry may span lines: when parsing fails only because the input ended (an open bracket or
/// block, a trailing operator), the REPL reads another line, as Lua does. Expression values are
/// printed; errors are printed and the session goes on with its variables intact. Lines starting
/// with `:` are commands: `:help`, `:help NAME`, `:vars`, `:quit`.
public final class REPL {
    public let session: Session
    private let reader: LineReader
    private let write: (String) -> Void
    private let writeError: (String) -> Void

    public init(
        session: Session, reader: LineReader,
        write: @escaping (String) -> Void = { print($0) },
        writeError: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    ) {
        self.session = session
        self.reader = reader
        self.write = write
        self.writeError = writeError
    }

    /// Reads and runs entries until end of input or `:quit`.
    public func run() {
        if reader.isInteractive {
            write("adv \(Version.current): a language for adversarial examples. :help for help, Ctrl-D to quit.")
        }
        var entry = ""
        while let line = reader.readLine(prompt: entry.isEmpty ? "adv> " : "...> ") {
            // A Ctrl-C at the prompt only cancels; it must not count toward the next entry.
            Interrupt.clear()
            if entry.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                reader.addHistory(line)
                if !command(line.trimmingCharacters(in: .whitespaces)) { return }
                continue
            }
            entry += entry.isEmpty ? line : "\n" + line
            if entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                entry = ""
                continue
            }
            let file = SourceFile(name: "<repl>", text: entry)
            let session = self.session
            // On the large stack, as every pass over the tree is.
            let needsMore = withLargeStack {
                do throws(Diagnostics) {
                    _ = try session.parse(file)
                    return false
                } catch {
                    return error.isAtEndOfInput
                }
            }
            if needsMore { continue }
            reader.addHistory(entry)
            entry = ""
            evaluate(file)
        }
        if !entry.isEmpty { evaluate(SourceFile(name: "<repl>", text: entry)) }
    }

    private func evaluate(_ file: SourceFile) {
        let session = self.session
        let start = Date()
        // The value is shown (and released) on the large stack too: it may be nested deeply.
        let result: Result<String?, Diagnostics> = withLargeStack {
            do throws(Diagnostics) { return .success(try session.run(file)?.repr) } catch { return .failure(error) }
        }
        switch result {
        case .success(let text?): write(text)
        case .success(nil): break
        case .failure(let diagnostics): writeError(diagnostics.description)
        }
        if reader.isInteractive {
            write(String(format: "(%.3f s)", Date().timeIntervalSince(start)))
        }
    }

    /// Runs a `:` command; false means quit.
    private func command(_ line: String) -> Bool {
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case ":quit", ":q":
            return false
        case ":vars":
            let vars = session.globalVariables.filter { $0.name != "args" }
            if vars.isEmpty { write("no variables") }
            for (name, value) in vars {
                var text = value.nestedRepr
                if case .tensor = value { text = value.typeDescription + " " + text }
                write("\(name) = \(text.count > 70 ? String(text.prefix(67)) + "..." : text)")
            }
        case ":help":
            write(words.count > 1 ? Help.entry(words[1], session.library) : Help.overview(session.library))
        default:
            writeError("unknown command \(words.first ?? line); try :help, :help NAME, :vars, :quit")
        }
        return true
    }
}

/// The program's version, shown by `--version` and the REPL banner.
public enum Version {
    public static let current = "0.1.0"
}
