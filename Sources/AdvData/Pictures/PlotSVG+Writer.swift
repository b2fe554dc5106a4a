/// Builds the SVG text of a plot, element by element. Coordinates are written with two decimals.
struct SVGWriter {
    private var body: String
    private let fontSize: Double

    init(width: Int, height: Int, fontSize: Double) {
        self.fontSize = fontSize
        body = ""
        open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", "\(width)"), ("height", "\(height)"),
                ("viewBox", "0 0 \(width) \(height)"), ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
                ("font-size", SVGWriter.number(fontSize)),
            ])
        element("rect", [("width", "100%"), ("height", "100%"), ("fill", "white")])
    }

    mutating func finish() -> String { body + "</svg>\n" }

    /// Grid lines, tick marks and labels at every tick, the frame, and the axis names.
    mutating func axes(_ frame: SVGFrame, xLabel: String, yLabel: String) {
        for value in frame.x.ticks {
            let x = frame.px(value)
            line(x, frame.top, x, frame.bottom, stroke: "#dddddd", width: 1)
            line(x, frame.bottom, x, frame.bottom + 6, stroke: "black", width: 1.5)
            text(frame.x.label(value), x: x, y: frame.bottom + fontSize * 1.4, anchor: "middle", className: "x-tick")
        }
        for value in frame.y.ticks {
            let y = frame.py(value)
            line(frame.left, y, frame.right, y, stroke: "#dddddd", width: 1)
            line(frame.left - 6, y, frame.left, y, stroke: "black", width: 1.5)
            text(frame.y.label(value), x: frame.left - 10, y: y + fontSize * 0.35, anchor: "end", className: "y-tick")
        }
        element(
            "rect",
            [
                ("x", n(frame.left)), ("y", n(frame.top)), ("width", n(frame.plotWidth)),
                ("height", n(frame.plotHeight)), ("fill", "none"), ("stroke", "black"), ("stroke-width", "1.5"),
            ])
        if !xLabel.isEmpty {
            text(xLabel, x: frame.left + frame.plotWidth / 2, y: frame.bottom + fontSize * 3, anchor: "middle")
        }
        if !yLabel.isEmpty {
            let x = fontSize * 1.1
            let y = frame.top + frame.plotHeight / 2
            text(yLabel, x: x, y: y, anchor: "middle", transform: "rotate(-90 \(n(x)) \(n(y)))")
        }
    }

    /// One polyline per unbroken run of finite points, and circles for point styles.
    mutating func series(_ series: Plot.Series, colour: String, _ frame: SVGFrame) {
        let width = series.emphasized ? 5.0 : 2.5
        var runs: [[(Double, Double)]] = [[]]
        for (x, y) in zip(series.xs, series.ys) {
            if x.isFinite && y.isFinite {
                runs[runs.count - 1].append((frame.px(x), frame.py(y)))
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        for run in runs where !run.isEmpty {
            if series.style.hasLine {
                var attributes = [
                    ("class", "series"), ("data-name", series.name),
                    ("points", run.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")), ("fill", "none"),
                    ("stroke", colour), ("stroke-width", n(width)), ("stroke-linejoin", "round"),
                ]
                if series.style == .dashed { attributes.append(("stroke-dasharray", "10 6")) }
                element("polyline", attributes)
            }
            if series.style.hasPoints {
                for (x, y) in run {
                    element(
                        "circle",
                        [
                            ("class", "point"), ("data-name", series.name), ("cx", n(x)), ("cy", n(y)),
                            ("r", n(width + 2)), ("fill", colour),
                        ])
                }
            }
        }
    }

    /// A dashed reference line or a ringed point, with its label.
    mutating func mark(_ mark: Plot.Mark, _ frame: SVGFrame) {
        let dashed = [("class", "mark"), ("stroke", "#444444"), ("stroke-width", "1.5"), ("stroke-dasharray", "6 4")]
        switch mark {
        case .vertical(let value, let label) where value.isFinite:
            let x = frame.px(value)
            element("line", [("x1", n(x)), ("y1", n(frame.top)), ("x2", n(x)), ("y2", n(frame.bottom))] + dashed)
            text(label, x: x + 6, y: frame.top + fontSize * 1.2, anchor: "start")
        case .horizontal(let value, let label) where value.isFinite:
            let y = frame.py(value)
            element("line", [("x1", n(frame.left)), ("y1", n(y)), ("x2", n(frame.right)), ("y2", n(y))] + dashed)
            text(label, x: frame.right - 6, y: y - fontSize * 0.4, anchor: "end")
        case .point(let valueX, let valueY, let label) where valueX.isFinite && valueY.isFinite:
            let x = frame.px(valueX)
            let y = frame.py(valueY)
            element(
                "circle",
                [
                    ("class", "mark"), ("cx", n(x)), ("cy", n(y)), ("r", "7"), ("fill", "none"), ("stroke", "black"),
                    ("stroke-width", "2"),
                ])
            text(label, x: x + 10, y: y - 10, anchor: "start")
        default: break
        }
    }

    /// A sample of each series' line or marker and its name, right of the chart.
    mutating func legend(_ series: [Plot.Series], _ frame: SVGFrame) {
        let x = frame.right + fontSize
        for (index, item) in series.enumerated() {
            let y = frame.top + fontSize * (0.8 + 1.5 * Double(index))
            let colour = Plot.palette[index % Plot.palette.count]
            let width = item.emphasized ? 5.0 : 2.5
            if item.style.hasLine {
                var attributes = [
                    ("class", "legend"), ("x1", n(x)), ("y1", n(y)), ("x2", n(x + fontSize * 2)), ("y2", n(y)),
                    ("stroke", colour), ("stroke-width", n(width)),
                ]
                if item.style == .dashed { attributes.append(("stroke-dasharray", "10 6")) }
                element("line", attributes)
            }
            if item.style.hasPoints {
                element(
                    "circle",
                    [("class", "legend"), ("cx", n(x + fontSize)), ("cy", n(y)), ("r", n(width + 2)), ("fill", colour)])
            }
            text(
                item.name, x: x + fontSize * 2.5, y: y + fontSize * 0.35, anchor: "start",
                weight: item.emphasized ? "bold" : nil)
        }
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double) {
        element(
            "line",
            [
                ("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke),
                ("stroke-width", n(width)),
            ])
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double? = nil, anchor: String, weight: String? = nil,
        className: String? = nil, transform: String? = nil
    ) {
        var attributes = [("x", n(x)), ("y", n(y)), ("text-anchor", anchor)]
        if let size { attributes.append(("font-size", n(size))) }
        if let weight { attributes.append(("font-weight", weight)) }
        if let className { attributes.append(("class", className)) }
        if let transform { attributes.append(("transform", transform)) }
        open("text", attributes)
        body.removeLast()  // the newline after the opening tag
        body += Markup.escape(content) + "</text>\n"
    }

    /// `<name a="v" ...>` on its own line; values are escaped.
    private mutating func open(_ name: String, _ attributes: [(String, String)], close: String = ">") {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(Markup.escape(value))\"" }
        body += close + "\n"
    }

    /// `<name a="v" .../>` on its own line.
    private mutating func element(_ name: String, _ attributes: [(String, String)]) {
        open(name, attributes, close: "/>")
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }

    /// A coordinate with at most two decimals and no trailing zeros ("12.5", "300").
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
