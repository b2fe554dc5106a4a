import Foundation

extension TerminalImage.Colour {
    /// The colour mode a terminal supports, from its environment: none when output is not a
    /// terminal or `NO_COLOR` is set (https://no-color.org), 24-bit when `COLORTERM` is
    /// `truecolor` or `24bit`, 256 colours when `TERM` mentions `256color`, else none.
    ///
    ///     let colour = TerminalImage.Colour.detect(
    ///         environment: ProcessInfo.processInfo.environment, isTerminal: isatty(1) == 1)
    public static func detect(environment: [String: String], isTerminal: Bool) -> TerminalImage.Colour {
        guard isTerminal, environment["NO_COLOR"].map({ $0.isEmpty }) ?? true else { return .none }
        let colourTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colourTerm == "truecolor" || colourTerm == "24bit" { return .trueColour }
        if environment["TERM"]?.contains("256color") ?? false { return .palette256 }
        return .none
    }
}
