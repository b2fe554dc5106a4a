import Foundation

extension Plot {
    /// Ten distinguishable line colours (one per MNIST class in Fig. 4), reused cyclically.
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// The chart as an SVG document `width x height` pixels: axes with 1-2-5 ticks, light grid,
    /// tick and axis labels, a legend right of the chart, the title above.
    ///
    /// Text scales with the width (20 px at 1200 px, never below 16), so a 1200 x 800 plot is
    /// readable on a projector. Each series is one `<polyline class="series">` per unbroken run
    /// of finite points.
    public func svg(width: Int = 1200, height: Int = 800) throws -> String {
        guard width >= 200, height >= 150 else {
            throw DataError.invalidArgument(
                op: "plot", message: "an SVG needs at least 200 x 150 pixels, got \(width) x \(height)")
        }
        let frame = try SVGFrame(plot: self, width: Double(width), height: Double(height))
        var svg = SVGWriter(width: width, height: height, fontSize: frame.fontSize)
        svg.axes(frame, xLabel: xLabel, yLabel: yLabel)
        if !title.isEmpty {
            svg.text(
                title, x: frame.left + frame.plotWidth / 2, y: frame.fontSize * 1.6, size: frame.fontSize * 1.3,
                anchor: "middle", weight: "bold")
        }
        for mark in marks { svg.mark(mark, frame) }
        for (index, series) in drawingOrder {
            svg.series(series, colour: Plot.palette[index % Plot.palette.count], frame)
        }
        svg.legend(series, frame)
        return svg.finish()
    }

    /// Writes `svg(width:height:)` to `path` through a temporary file and a rename.
    public func writeSVG(to path: String, width: Int = 1200, height: Int = 800) throws {
        try PictureFile.write(Array(try svg(width: width, height: height).utf8), to: path)
    }
}

/// Where the chart sits in the SVG and how data maps to pixels.
struct SVGFrame {
    let x: PlotAxis
    let y: PlotAxis
    let fontSize: Double
    let left: Double
    let top: Double
    let plotWidth: Double
    let plotHeight: Double

    init(plot: Plot, width: Double, height: Double) throws {
        let extent = try plot.extent()
        let yAxis = PlotAxis.nice(extent.yMin, extent.yMax)
        x = PlotAxis.nice(extent.xMin, extent.xMax)
        y = yAxis
        fontSize = max(16, 20 * width / 1200)
        let longestName = plot.series.map(\.name.count).max() ?? 0
        let legendWidth = plot.series.isEmpty ? fontSize : fontSize * (3.5 + 0.62 * Double(min(longestName, 24)))
        let tickWidth = Double(yAxis.ticks.map { yAxis.label($0).count }.max() ?? 1) * fontSize * 0.62
        left = tickWidth + fontSize * 2.8
        top = plot.title.isEmpty ? fontSize : fontSize * 3.2
        plotWidth = max(10, width - left - legendWidth - fontSize)
        plotHeight = max(10, height - top - fontSize * 4.2)
    }

    /// The pixel column of data value `value`.
    func px(_ value: Double) -> Double { x.position(value, start: left, length: plotWidth) }
    /// The pixel row of data value `value` (SVG y grows downwards).
    func py(_ value: Double) -> Double { y.position(value, start: top, length: plotHeight, flipped: true) }
    var right: Double { left + plotWidth }
    var bottom: Double { top + plotHeight }
}
