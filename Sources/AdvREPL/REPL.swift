import AdvLang
import AdvSyntax
import Foundation

/// The read-eval-print loop over a `LineReader`.
///
/// An entry may span lines: when parsing fails only because the input ended (an open bracket or
/// block, a trailing operator), the REPL reads another line, as Lua does; also while a bracket of
/// an entry with a syntax error is open, so a broken block never runs in pieces. From a pipe, an
/// `else` line after an `if` entry continues it, as in a file. Expression values are
/// printed; errors are printed and the session goes on with its variables intact. Lines starting
/// with `:` are commands: `:help`, `:help NAME`, `:vars`, `:scripts`, `:time on|off`, `:quit`.
public final class REPL {
    public let session: Session
    private let reader: LineReader
    private let write: (String) -> Void
    private let writeError: (String) -> Void
    /// Whether each entry's wall time follows its output (`:time on`, `:time off`); off by default.
    public var showsTiming = false
    /// Where `:scripts` finds the bundled scripts.
    public var locator = ScriptLocator()

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
    ///
    /// On a terminal, Ctrl-C while a line is typed abandons it and the open entry (a block left
    /// open at `...>` is cancelled, a line typed at `adv> ` cleared); Ctrl-D on the empty line of an
    /// open entry cancels the entry, and at `adv> ` ends the session.
    public func run() {
        if reader.isInteractive {
            write("adv \(Version.current): a language for adversarial examples. :help for help, Ctrl-D to quit.")
        }
        var entry = ""
        // A line read ahead (to see whether an `else` continues an `if`) and not yet used.
        var readAhead: LineInput?
        while true {
            let input: LineInput
            if let next = readAhead.take() {
                input = next
            } else {
                // A Ctrl-C that stopped the last entry was reported with it; its flag must not
                // count as a first Ctrl-C for the handler (see SignalHandling).
                Interrupt.clear()
                input = reader.readLine(prompt: entry.isEmpty ? "adv> " : "...> ")
                // A Ctrl-C at the prompt only cancels; it must not count toward the next entry.
                Interrupt.clear()
            }
            let line: String
            switch input {
            case .line(let text):
                line = text
            case .cancelled:
                entry = ""
                continue
            case .end where reader.isInteractive:
                if entry.isEmpty { return }
                entry = ""
                continue
            case .end:
                if !entry.isEmpty { evaluate(SourceFile(name: "<repl>", text: entry)) }
                return
            }
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
            switch status(of: file) {
            case .incomplete: continue
            case .endsWithIf where !reader.isInteractive:
                // From a pipe, `}` and `else {` on the next line are one `if`, as in a file.
                let next = reader.readLine(prompt: "...> ")
                if case .line(let text) = next, text.trimmingCharacters(in: .whitespaces).hasPrefix("else") {
                    entry += "\n" + text
                    continue
                }
                readAhead = next
            case .complete, .endsWithIf: break
            }
            reader.addHistory(entry)
            entry = ""
            evaluate(file)
        }
    }

    /// Whether an entry is ready to run.
    private enum EntryStatus {
        /// Input ended inside it (an open block or bracket, a trailing operator), or it has a
        /// syntax error while a bracket is still open: read another line. The second case keeps
        /// the rest of a broken block (a stray `else {` line's body) from running on its own; the
        /// error is reported once the brackets balance.
        case incomplete
        /// It parses and its last statement is an `if` without `else`: an `else` may follow.
        case endsWithIf
        /// Run it (a syntax error is reported by the run).
        case complete
    }

    private func status(of file: SourceFile) -> EntryStatus {
        let session = self.session
        // On the large stack, as every pass over the tree is.
        return withLargeStack {
            do throws(Diagnostics) {
                let program = try session.parse(file)
                if case .if(_, _, nil)? = program.last?.kind { return .endsWithIf }
                return .complete
            } catch {
                return error.isAtEndOfInput || REPL.opensMoreThanItCloses(file) ? .incomplete : .complete
            }
        }
    }

    /// True when `file` has more `(`, `[` and `{` than closing brackets (strings and comments
    /// do not count).
    private static func opensMoreThanItCloses(_ file: SourceFile) -> Bool {
        var open = 0
        for token in Lexer.tokenize(file).tokens {
            switch token.kind {
            case .punct(.leftParen), .punct(.leftBracket), .punct(.leftBrace): open += 1
            case .punct(.rightParen), .punct(.rightBracket), .punct(.rightBrace): open -= 1
            default: break
            }
        }
        return open > 0
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
        case .failure(let diagnostics):
            var text = diagnostics.description
            if file.text.trimmingCharacters(in: .whitespaces).hasPrefix("else") {
                text += "\nnote: the REPL runs an 'if' when its block closes; write '} else {' on one line"
            }
            writeError(text)
        }
        if showsTiming {
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
            REPL.variableLines(session).forEach(write)
        case ":help":
            write(words.count > 1 ? Help.entry(words[1], session.library) : Help.overview(session.library))
        case ":scripts":
            if let catalog = ScriptCatalog(locator: locator) {
                write(catalog.listing)
            } else {
                writeError("no bundled Scripts/ folder found (set ADV_SCRIPTS)")
            }
        case ":time" where words.count == 2 && ["on", "off"].contains(words[1]):
            showsTiming = words[1] == "on"
        case ":time":
            write("timing is \(showsTiming ? "on" : "off"); :time on or :time off")
        default:
            writeError(
                "unknown command \(words.first ?? line); try :help, :help NAME, :vars, :scripts, :time on, :quit")
        }
        return true
    }
}

extension REPL {
    /// What `:vars` prints: one line per variable the program made, or "no variables".
    static func variableLines(_ session: Session) -> [String] {
        let vars = session.globalVariables.filter { !Session.predefinedNames.contains($0.name) }
        if vars.isEmpty { return ["no variables"] }
        return vars.map { name, value in
            var text = value.nestedRepr
            if case .tensor = value { text = value.typeDescription + " " + text }
            return "\(name) = \(text.count > 70 ? String(text.prefix(67)) + "..." : text)"
        }
    }
}

/// The program's version, shown by `--version` and the REPL banner.
public enum Version {
    public static let current = "0.1.0"
}
