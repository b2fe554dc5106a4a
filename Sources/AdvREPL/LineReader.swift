/// What one read of a line gave.
public enum LineInput: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C while the line was typed: the line is abandoned, and with it the open entry.
    case cancelled
    /// End of input: Ctrl-D on an empty line, or the end of a pipe.
    case end
}

/// Where the REPL's lines come from: readline on a terminal, plain lines from a pipe. The REPL
/// only sees this protocol, so tests drive it with a list of lines.
public protocol LineReader: AnyObject {
    /// The next line, a cancelled line, or the end of input.
    func readLine(prompt: String) -> LineInput
    /// Remembers a complete entry (a no-op without a terminal).
    func addHistory(_ entry: String)
    /// True on a terminal: prompts, value timing and banners are shown only then.
    var isInteractive: Bool { get }
}

/// Lines from standard input, no prompts, no echo.
public final class PlainLineReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> LineInput {
        Swift.readLine(strippingNewline: true).map { .line($0) } ?? .end
    }
    public func addHistory(_ entry: String) {}
    public var isInteractive: Bool { false }
}
