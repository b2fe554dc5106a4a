import Foundation

/// What standard output can show.
enum Terminal {
    /// Colour on a terminal that has it: stdout is a terminal, TERM names one that is not "dumb",
    /// and NO_COLOR (no-color.org) is unset or empty; never in a pipe or a file.
    static var showsColour: Bool {
        let environment = ProcessInfo.processInfo.environment
        guard isatty(1) != 0, environment["NO_COLOR"]?.isEmpty ?? true else { return false }
        let term = environment["TERM"] ?? ""
        return !term.isEmpty && term != "dumb"
    }
}
