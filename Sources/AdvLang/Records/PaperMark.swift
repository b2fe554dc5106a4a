import Foundation

/// Whether ours lies within noise of the paper, for a table cell that reads "paper | ours"
/// ("26.2% | 8.2%", "0.062 | 0.049"): the mark a projected table shows beside ours, and the one the
/// run records' tables show. The noise is the records' rule (`FigureSummary.within`):
/// |ours - paper| <= 2 sqrt(sd² + se²). A single run has no spread over seeds, so there sd counts
/// as 0 and only the paper's sampling error se remains (`legend` says so).
public enum PaperMark {
    /// ✓ within noise, ✗ outside: plain characters that survive a pipe, a log and a projector.
    public static func symbol(within: Bool) -> String { within ? "✓" : "✗" }

    /// The one line printed under a marked table.
    public static let legend =
        "✓ ours within 2 se of the paper, ✗ outside, unmarked: no se known; se = the paper's sampling error "
        + "sqrt(p(1-p)/n), our seed spread not counted in one run"

    /// The mark for a cell: nil unless its text is "paper | ours" (two numbers, each optionally a
    /// percentage) and a figure the program recorded (`figure(label, ours, paper: p, n: N)`) shows
    /// those two numbers as the cell rounds them and has a known error (se > 0).
    public static func within(_ text: String, figures: [FigureMeasurement]) -> Bool? {
        let sides = text.components(separatedBy: " | ")
        guard sides.count == 2, let paper = Shown(sides[0]), let ours = Shown(sides[1]),
            paper.isPercent == ours.isPercent
        else { return nil }
        let scale = paper.isPercent ? 100.0 : 1.0
        let figure = figures.last { figure in
            guard let p = figure.paper, figure.paperError > 0 else { return false }
            return paper.rounds(p * scale) && ours.rounds(figure.ours * scale)
        }
        return figure.flatMap { FigureSummary([$0])?.within }
    }

    /// A number as a cell shows it: its value and how many digits follow the point.
    struct Shown {
        let value: Double
        let digits: Int
        let isPercent: Bool

        init?(_ raw: String) {
            let text = raw.trimmingCharacters(in: .whitespaces)
            isPercent = text.hasSuffix("%")
            let number = isPercent ? String(text.dropLast()) : text
            guard let value = Double(number), value.isFinite else { return nil }
            self.value = value
            digits = number.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        }

        /// True when `x` prints as this number at this many digits.
        func rounds(_ x: Double) -> Bool {
            abs(x - value) <= 0.5 * pow(10, -Double(digits)) + 1e-9
        }
    }
}
