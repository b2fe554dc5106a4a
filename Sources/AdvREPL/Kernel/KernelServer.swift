import AdvLang
import AdvSyntax
import Foundation

/// `adv kernel`: one long-lived session driven by a notebook front end (the Jupyter kernel in
/// Jupyter/adv_kernel) over JSON lines, so the interpreter's state lives across cells.
///
/// Each request is one line of JSON on stdin; the replies are lines of JSON on stdout, the last
/// one of each request final (see `KernelReply`). Everything the session prints goes out as
/// `stdout` replies as it happens, a training's epochs as `progress` replies (the terminal's
/// status line: the notebook redraws one line in place), and pictures and tables as `display`
/// replies. Ctrl-C (SIGINT from the front end) stops a running cell as it
/// stops a REPL entry; the session and its variables stay.
public final class KernelServer {
    public let session: Session
    private let send: (String) -> Void
    /// Where `:scripts` finds the bundled scripts.
    public var locator = ScriptLocator()

    /// `send` writes one reply line (without its newline).
    public init(session: Session, send: @escaping (String) -> Void) {
        self.session = session
        self.send = send
        session.output = { [send] text in send(KernelReply.stdout(text).line) }
        session.display = { [send] display in send(KernelReply.display(display).line) }
        session.progress = { [send] text in send(KernelReply.progress(text).line) }
    }

    /// Answers requests until `readLine` returns nil (the front end closed the pipe).
    public func run(readLine: () -> String?) {
        while let line = readLine() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            handle(line)
        }
    }

    /// Answers one request line.
    public func handle(_ line: String) {
        let request: KernelRequest
        do {
            request = try KernelRequest(line)
        } catch {
            send(KernelReply.protocolError(error.message).line)
            return
        }
        switch request {
        case .execute(let code): execute(code)
        case .complete(let code, let cursor): send(complete(code, cursor: cursor).line)
        case .inspect(let code, let cursor): send(inspect(code, cursor: cursor).line)
        }
    }

    private func execute(_ code: String) {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(":") {
            send(command(trimmed).line)
            return
        }
        let session = self.session
        let file = SourceFile(name: "<cell>", text: code)
        // On the large stack, as the REPL runs entries: the tree and the value may be deep.
        let reply: KernelReply = withLargeStack {
            do throws(Diagnostics) {
                return .result(try session.run(file)?.repr)
            } catch {
                return .error(error)
            }
        }
        send(reply.line)
    }

    /// `:help`, `:help NAME`, `:vars` and `:scripts`, as in the REPL.
    private func command(_ line: String) -> KernelReply {
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case ":help":
            session.output(words.count > 1 ? Help.entry(words[1], session.library) : Help.overview(session.library))
        case ":vars":
            REPL.variableLines(session).forEach(session.output)
        case ":scripts":
            guard let catalog = ScriptCatalog(locator: locator) else {
                return .protocolError("no bundled Scripts/ folder found (set ADV_SCRIPTS)")
            }
            session.output(catalog.listing)
        default:
            return .protocolError("unknown command \(words.first ?? line); try :help, :help NAME, :vars, :scripts")
        }
        return .result(nil)
    }

    /// The REPL's completions of the name that ends at `cursor` (in Unicode scalars).
    func complete(_ code: String, cursor: Int) -> KernelReply {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var start = end
        while start > 0, KernelServer.isNameScalar(scalars[start - 1]) { start -= 1 }
        if start > 0, scalars[start - 1] == ":" { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<end]))
        let matches = Completion.candidates(prefix, Completion.names(in: session))
        return .completions(matches, start: start, end: end)
    }

    /// The REPL's help for the name under `cursor`, or for the function whose `(` is just before it.
    func inspect(_ code: String, cursor: Int) -> KernelReply {
        let scalars = Array(code.unicodeScalars)
        var end = min(max(cursor, 0), scalars.count)
        if end > 0, scalars[end - 1] == "(" { end -= 1 }
        var start = end
        while start > 0, KernelServer.isNameScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, KernelServer.isNameScalar(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        guard !name.isEmpty, session.library[name] != nil || Help.statements[name] != nil else {
            return .help(nil)
        }
        return .help(Help.entry(name, session.library))
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}
