import Foundation
import XCTest

@testable import AdvData

final class PlotSVGTests: XCTestCase {
    /// Every `name="value"` attribute of every `<tag ...>` element, in document order.
    private func elements(_ tag: String, in svg: String) -> [[String: String]] {
        svg.components(separatedBy: "<\(tag) ").dropFirst().map { element in
            let head = element.prefix { $0 != ">" }
            var attributes: [String: String] = [:]
            let parts = head.components(separatedBy: "\"")
            var index = 0
            while index + 1 < parts.count {
                let name = parts[index].trimmingCharacters(in: .whitespaces).dropLast()  // drop "="
                attributes[String(name)] = parts[index + 1]
                index += 2
            }
            return attributes
        }
    }

    /// Tick label text -> its x (x ticks) or y (y ticks) attribute.
    private func ticks(_ className: String, _ coordinate: String, in svg: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for piece in svg.components(separatedBy: "<text ").dropFirst() where piece.contains("class=\"\(className)\"") {
            let attributes = elements("text", in: "<text " + piece)[0]
            let label = piece.split(separator: ">", maxSplits: 1)[1].prefix { $0 != "<" }
            result[String(label)] = Double(attributes[coordinate] ?? "")
        }
        return result
    }

    func testPolylinePointsSitWhereTheTicksSayTheirValuesAre() throws {
        let xs = (0...10).map(Double.init)
        let plot = Plot(
            title: "line", xLabel: "x", yLabel: "y", series: [.init(name: "2x+1", xs: xs, ys: xs.map { 2 * $0 + 1 })])
        let svg = try plot.svg(width: 1200, height: 800)
        let xTicks = ticks("x-tick", "x", in: svg)
        let yTicks = ticks("y-tick", "y", in: svg)
        XCTAssertEqual(Set(xTicks.keys), ["0", "2", "4", "6", "8", "10"])
        XCTAssertEqual(Set(yTicks.keys), ["0", "5", "10", "15", "20", "25"])
        let x0 = try XCTUnwrap(xTicks["0"])
        let x10 = try XCTUnwrap(xTicks["10"])
        // Tick labels sit 0.35 font sizes (20 px at 1200 wide) below their value's line.
        let y0 = try XCTUnwrap(yTicks["0"]) - 7
        let y25 = try XCTUnwrap(yTicks["25"]) - 7
        XCTAssertLessThan(y25, y0, "larger values are higher on the page")
        let lines = elements("polyline", in: svg)
        XCTAssertEqual(lines.count, 1)
        let points = try XCTUnwrap(lines[0]["points"]).split(separator: " ").map {
            $0.split(separator: ",").compactMap { Double($0) }
        }
        XCTAssertEqual(points.count, 11)
        for (x, point) in zip(xs, points) {
            XCTAssertEqual(point[0], x0 + x / 10 * (x10 - x0), accuracy: 0.02)
            XCTAssertEqual(point[1], y0 + (2 * x + 1) / 25 * (y25 - y0), accuracy: 0.02)
        }
        // Evenly spaced ticks.
        XCTAssertEqual(try XCTUnwrap(xTicks["2"]) - x0, (x10 - x0) / 5, accuracy: 0.02)
    }

    func testNiceTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        let small = PlotAxis.nice(0, 0.3)
        XCTAssertEqual(small.ticks.map(small.label), ["0", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"])
        let unit = PlotAxis.nice(0.013, 0.87)
        XCTAssertEqual(unit.ticks.map(unit.label), ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let wide = PlotAxis.nice(-3, 47)
        XCTAssertEqual(wide.ticks, [-10, 0, 10, 20, 30, 40, 50])
        let symmetric = PlotAxis.nice(-25.8, 25.8)
        XCTAssertEqual(symmetric.ticks, [-30, -20, -10, 0, 10, 20, 30], "not -40...40 by 20")
        let flat = PlotAxis.nice(5, 5)
        XCTAssertLessThanOrEqual(flat.lower, 4.5)
        XCTAssertGreaterThanOrEqual(flat.upper, 5.5)
        for axis in [small, unit, wide, symmetric, flat, PlotAxis.nice(-0.0071, 0.0123), PlotAxis.nice(3, 3000)] {
            let mantissa = axis.step / pow(10, floor(log10(axis.step)))
            XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(axis.step)")
        }
    }

    func testProjectorSizedTextLegendAndTitle() throws {
        var plot = Plot(title: "Fig. 4 <logits>", xLabel: "eps", yLabel: "logit")
        for digit in 0..<3 {
            plot.series.append(
                .init(name: "class \(digit)", xs: [0, 0.1, 0.2], ys: [0, Double(digit), 1], emphasized: digit == 1))
        }
        plot.marks = [.vertical(x: 0.25, label: "eps = 0.25")]
        let svg = try plot.svg()
        let root = try XCTUnwrap(elements("svg", in: svg).first)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(Double(root["font-size"] ?? "")), 16)
        XCTAssertTrue(svg.contains(">Fig. 4 &lt;logits&gt;</text>"))
        XCTAssertTrue(svg.contains("font-weight=\"bold\">class 1</text>"), "emphasized series is bold in the legend")
        XCTAssertEqual(elements("line", in: svg).filter { $0["class"] == "legend" }.count, 3)
        XCTAssertEqual(elements("polyline", in: svg).last?["data-name"], "class 1", "emphasized series drawn on top")
        XCTAssertEqual(ticks("x-tick", "x", in: svg).keys.sorted(), ["0", "0.05", "0.10", "0.15", "0.20", "0.25"])
    }

    func testNonFinitePointsBreakTheLineAndBadSeriesThrow() throws {
        let plot = Plot(series: [.init(name: "gap", ys: [1, 2, .nan, 3, 4])])
        XCTAssertEqual(elements("polyline", in: try plot.svg()).count, 2)
        XCTAssertThrowsError(try Plot(series: [.init(name: "bad", xs: [1, 2], ys: [1])]).svg()) { error in
            XCTAssertEqual("\(error)", "plot: series \"bad\" has 2 x values but 1 y values")
        }
        XCTAssertThrowsError(try Plot(title: "empty").svg())
        let huge = Plot(series: [.init(name: "huge", xs: [0, 1], ys: [-1e308, 1e308])])
        XCTAssertThrowsError(try huge.svg()) { XCTAssertTrue("\($0)".hasPrefix("plot: values too large"), "\($0)") }
        XCTAssertThrowsError(try huge.text())
        let tiny = Plot(series: [.init(name: "tiny", xs: [0, 1], ys: [0, Double.leastNonzeroMagnitude * 1000])])
        XCTAssertFalse(try tiny.svg().isEmpty, "subnormal spans still draw")
        XCTAssertFalse(try tiny.text().isEmpty)
    }

    func testWriteSVGLeavesOneFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plot = Plot(series: [.init(name: "error", ys: [0.9, 0.5, 0.2], style: .lineAndPoints)])
        try plot.writeSVG(to: directory.appendingPathComponent("curve.svg").path)
        let text = try String(contentsOf: directory.appendingPathComponent("curve.svg"), encoding: .utf8)
        XCTAssertEqual(text, try plot.svg())
        XCTAssertEqual(elements("circle", in: text).filter { $0["class"] == "point" }.count, 3)
        XCTAssertEqual(
            elements("circle", in: text).filter { $0["class"] == "legend" }.count, 1, "the legend shows the marker")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["curve.svg"])
    }
}
