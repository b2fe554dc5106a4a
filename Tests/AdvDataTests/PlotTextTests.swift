import XCTest

@testable import AdvData

final class PlotTextTests: XCTestCase {
    /// The plot-area rows of a text chart: what follows the y axis on each line that has one.
    private func plotRows(_ text: String) -> [[Character]] {
        text.split(separator: "\n").compactMap { line in
            guard let axis = line.firstIndex(where: { $0 == "│" || $0 == "┤" }) else { return nil }
            return Array(line[line.index(after: axis)...])
        }
    }

    func testAStraightLineLiesOnTheDiagonal() throws {
        let plot = Plot(xLabel: "x", yLabel: "y", series: [.init(name: "y = x", xs: [0, 1], ys: [0, 1])])
        let text = try plot.text(columns: 23, rows: 10)  // gutter "1 " + axis: 20 plot columns
        let rows = plotRows(text)
        XCTAssertEqual(rows.count, 10)
        XCTAssertTrue(rows.allSatisfy { $0.count == 20 }, text)
        for column in 0..<20 {
            let marked = rows.indices.filter { rows[$0][column] == "*" }
            XCTAssertEqual(marked.count, 1, "column \(column) of\n\(text)")
            let ideal = 9 - Double(column) * 9 / 19
            XCTAssertLessThanOrEqual(
                abs(Double(marked.first ?? -10) - ideal), 0.5 + 1e-9, "column \(column) of\n\(text)")
        }
        XCTAssertEqual(rows.flatMap { $0 }.filter { $0 != " " }.count, 20, "nothing off the line")
    }

    func testAxisLabelsShowMinAndMaxAndTheLegendHasOneSymbolPerSeries() throws {
        let plot = Plot(
            title: "logits", xLabel: "eps", yLabel: "logit",
            series: [
                .init(name: "3", xs: [0, 0.25], ys: [-2, 5]),
                .init(name: "7", xs: [0, 0.25], ys: [4, -1], style: .points, emphasized: true),
            ])
        let text = try plot.text(columns: 40, rows: 6)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0].trimmingCharacters(in: .whitespaces), "logits")
        XCTAssertEqual(lines[1], "logit")
        XCTAssertTrue(lines[2].hasPrefix("  5┤"), text)
        XCTAssertTrue(lines[7].hasPrefix(" -2┤"), text)
        XCTAssertTrue(lines[9].hasPrefix("    0 ") && lines[9].hasSuffix("0.25"), text)
        XCTAssertEqual(lines[10].trimmingCharacters(in: .whitespaces), "eps")
        XCTAssertEqual(lines.last, "* 3   + 7 (marked)")
        let rows = plotRows(text)
        XCTAssertEqual(rows[0].last, "*")  // (0.25, 5): top right
        XCTAssertEqual(rows[5].first, "*")  // (0, -2): bottom left
        XCTAssertEqual(rows.flatMap { $0 }.filter { $0 == "+" }.count, 2, "points style draws only its points")
    }

    func testMarksAndBadSizes() throws {
        let plot = Plot(series: [.init(name: "flat", ys: [1, 1, 1])], marks: [.vertical(x: 1, label: "eps")])
        let rows = plotRows(try plot.text(columns: 20, rows: 5))
        XCTAssertTrue(rows.allSatisfy { $0.contains(":") || $0.contains("*") })
        XCTAssertTrue(rows[2].allSatisfy { $0 == "*" }, "the flat line fills the middle row")
        XCTAssertThrowsError(try plot.text(columns: 4, rows: 5))
        XCTAssertThrowsError(try plot.text(columns: 40, rows: 1))
    }

    func testColourPaintsEachSeriesInItsPaletteColour() throws {
        let plot = Plot(series: [
            .init(name: "a", xs: [0, 1], ys: [0, 1]), .init(name: "b", xs: [0, 1], ys: [1, 0]),
        ])
        let text = try plot.text(columns: 20, rows: 5, colour: .trueColour)
        XCTAssertEqual(
            text.split(separator: "\n").last.map(String.init),
            "\u{1B}[38;2;31;119;180m*\u{1B}[39m a   \u{1B}[38;2;255;127;14m+\u{1B}[39m b")
        XCTAssertTrue(text.contains("\u{1B}[38;2;31;119;180m*\u{1B}[39m\u{1B}[38;2;31;119;180m*"), text)
        let palette = try plot.text(columns: 20, rows: 5, colour: .palette256)
        XCTAssertTrue(palette.contains("\u{1B}[38;5;68m*"), "blue #1f77b4 is cube (1, 2, 4) = 16 + 36 + 12 + 4 = 68")
        let plain = try plot.text(columns: 20, rows: 5)
        XCTAssertFalse(plain.contains("\u{1B}"))
        XCTAssertThrowsError(try plot.text(columns: 20, rows: 100_000))
    }
}
