/// Where the REPL's lines come from: readline on a terminal, plain lines from a pipe. The REPL
/// only sees this protocol, so tests drive it with a list of lines.
public protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String?
    /// Remembers a complete entry (a no-op without a terminal).
    func addHistory(_ entry: String)
    /// True on a terminal: prompts, value timing and banners are shown only then.
    var isInteractive: Bool { get }
}

/// Lines from standard input, no prompts, no echo.
public final class PlainLineReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    public func addHistory(_ entry: String) {}
    public var isInteractive: Bool { false }
}
