/// A line chart: the papers' figures as data, drawn as SVG for slides (`svg(width:height:)`) or
/// as text in the terminal (`text(columns:rows:)`).
///
/// SVG is the file format for plots: a PNG plot would need a font rasteriser, and SVG opens in
/// every browser and slide tool at any size. Images (digits, perturbations) are PNG.
///
///     var plot = Plot(title: "Goodfellow Fig. 4", xLabel: "eps", yLabel: "logit")
///     for digit in 0..<10 {
///         plot.series.append(.init(name: "\(digit)", xs: epsilons, ys: logits[digit], emphasized: digit == label))
///     }
///     try plot.writeSVG(to: "fig4.svg")
public struct Plot: Sendable, Equatable {
    /// Drawn above the chart; empty for none.
    public var title: String
    /// Names the horizontal axis.
    public var xLabel: String
    /// Names the vertical axis.
    public var yLabel: String
    /// The curves, drawn in order (emphasized ones last, on top).
    public var series: [Series]
    /// Reference lines and labelled points (an eps used in the paper, a chance level).
    public var marks: [Mark]

    public init(title: String = "", xLabel: String = "", yLabel: String = "", series: [Series] = [], marks: [Mark] = [])
    {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.marks = marks
    }

    /// One named curve: `ys[i]` at `xs[i]`. Non-finite points (NaN, infinity) leave a gap.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var xs: [Double]
        public var ys: [Double]
        public var style: Style
        /// Drawn thicker and on top, and bold in the legend: Fig. 4's correct class.
        public var emphasized: Bool

        public init(name: String, xs: [Double], ys: [Double], style: Style = .line, emphasized: Bool = false) {
            self.name = name
            self.xs = xs
            self.ys = ys
            self.style = style
            self.emphasized = emphasized
        }

        /// A series over x = 0, 1, 2, ... (epochs of a training curve).
        public init(name: String, ys: [Double], style: Style = .line, emphasized: Bool = false) {
            self.init(name: name, xs: ys.indices.map(Double.init), ys: ys, style: style, emphasized: emphasized)
        }
    }

    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        case line, dashed, points, lineAndPoints
        var hasLine: Bool { self != .points }
        var hasPoints: Bool { self == .points || self == .lineAndPoints }
    }

    /// A reference drawn behind the series.
    public enum Mark: Sendable, Equatable {
        /// A vertical line at `x` (e.g. eps = 0.25).
        case vertical(x: Double, label: String)
        /// A horizontal line at `y` (e.g. chance error 0.9).
        case horizontal(y: Double, label: String)
        /// One labelled point.
        case point(x: Double, y: Double, label: String)
    }

    /// Checks every series has as many xs as ys and that something finite is there to draw;
    /// returns the extent of the data and marks as (xMin, xMax, yMin, yMax).
    func extent() throws -> (xMin: Double, xMax: Double, yMin: Double, yMax: Double) {
        var xs: [Double] = []
        var ys: [Double] = []
        for series in series {
            guard series.xs.count == series.ys.count else {
                throw DataError.invalidArgument(
                    op: "plot",
                    message: "series \"\(series.name)\" has \(series.xs.count) x values but \(series.ys.count) y values"
                )
            }
            for (x, y) in zip(series.xs, series.ys) where x.isFinite && y.isFinite {
                xs.append(x)
                ys.append(y)
            }
        }
        for mark in marks {
            switch mark {
            case .vertical(let x, _) where x.isFinite: xs.append(x)
            case .horizontal(let y, _) where y.isFinite: ys.append(y)
            case .point(let x, let y, _) where x.isFinite && y.isFinite:
                xs.append(x)
                ys.append(y)
            default: break
            }
        }
        guard let xMin = xs.min(), let xMax = xs.max(), let yMin = ys.min(), let yMax = ys.max() else {
            let chart = title.isEmpty ? "the chart" : "the chart \"\(title)\""
            throw DataError.invalidArgument(op: "plot", message: "\(chart) has no finite points to draw")
        }
        // NOTE: beyond 1e300 the axis arithmetic (span, padding, tick steps) overflows to infinity.
        guard [xMin, xMax, yMin, yMax].allSatisfy({ abs($0) <= Plot.largestValue }) else {
            throw DataError.invalidArgument(
                op: "plot", message: "values too large to draw: x from \(xMin) to \(xMax), y from \(yMin) to \(yMax)")
        }
        return (xMin, xMax, yMin, yMax)
    }

    /// The largest magnitude a plotted value may have.
    static let largestValue = 1e300

    /// The series in drawing order: plain ones first, emphasized ones on top; with each its
    /// index in `series` (which picks its colour and symbol).
    var drawingOrder: [(index: Int, series: Series)] {
        let all = series.enumerated().map { (index: $0.offset, series: $0.element) }
        return all.filter { !$0.series.emphasized } + all.filter { $0.series.emphasized }
    }
}
