extension Plot {
    /// One symbol per series in the text chart, reused cyclically after ten.
    static let symbols: [Character] = ["*", "+", "o", "x", "#", "@", "%", "&", "=", "~"]

    /// The chart as text for the terminal: a `rows`-line plot area in character cells, a y axis
    /// labelled with the data's maximum and minimum, an x axis labelled with its minimum and
    /// maximum, axis names, and a legend with each series' symbol. The whole is `columns` wide.
    ///
    /// Unlike the SVG, the axes span exactly the data's extent (no nice rounding) so the corner
    /// labels are the true min and max. Consecutive points are joined by straight runs of the
    /// series' symbol; emphasized series are drawn last, on top. Vertical marks are `:` columns,
    /// horizontal marks `-` rows, point marks `◆`, all behind the series. With `colour` other
    /// than `.none`, each series' symbols (in the chart and the legend) take its SVG colour.
    ///
    ///        y
    ///     10 ┤        *
    ///        │    *
    ///      0 ┤*
    ///        └─────────
    ///         0       10
    public func text(columns: Int = 72, rows: Int = 16, colour: TerminalImage.Colour = .none) throws -> String {
        let extent = try extent()
        let (yLow, yHigh) = Plot.widened(extent.yMin, extent.yMax)
        let (xLow, xHigh) = Plot.widened(extent.xMin, extent.xMax)
        let yTop = PlotAxis.compact(yHigh)
        let yBottom = PlotAxis.compact(yLow)
        let gutter = max(yTop.count, yBottom.count) + 1
        let width = columns - gutter - 1
        guard width >= 2, rows >= 2, columns <= 4096, rows <= 1024 else {
            throw DataError.invalidArgument(
                op: "plot",
                message: "a text chart needs \(gutter + 3) to 4096 columns and 2 to 1024 rows, got \(columns) x \(rows)"
            )
        }
        var canvas = TextCanvas(width: width, height: rows)
        let column = { (x: Double) in Int(((x - xLow) / (xHigh - xLow) * Double(width - 1)).rounded()) }
        let row = { (y: Double) in Int(((yHigh - y) / (yHigh - yLow) * Double(rows - 1)).rounded()) }
        for mark in marks {
            switch mark {
            case .vertical(let x, _) where x.isFinite:
                for y in 0..<rows { canvas.set(column(x), y, ":") }
            case .horizontal(let y, _) where y.isFinite:
                for x in 0..<width { canvas.set(x, row(y), "-") }
            case .point(let x, let y, _) where x.isFinite && y.isFinite:
                canvas.set(column(x), row(y), "◆")
            default: break
            }
        }
        for (index, series) in drawingOrder {
            let symbol = Plot.symbols[index % Plot.symbols.count]
            var previous: (Int, Int)?
            for (x, y) in zip(series.xs, series.ys) {
                guard x.isFinite && y.isFinite else {
                    previous = nil
                    continue
                }
                let cell = (column(x), row(y))
                if series.style.hasLine, let previous {
                    canvas.line(from: previous, to: cell, symbol, owner: index)
                } else {
                    canvas.set(cell.0, cell.1, symbol, owner: index)
                }
                previous = cell
            }
        }
        return layout(
            canvas, gutter: gutter, yTop: yTop, yBottom: yBottom, xLow: xLow, xHigh: xHigh, columns: columns,
            colour: colour)
    }

    /// Title, y name, plot rows with the y axis, x axis, x labels, x name, legend.
    private func layout(
        _ canvas: TextCanvas, gutter: Int, yTop: String, yBottom: String, xLow: Double, xHigh: Double, columns: Int,
        colour: TerminalImage.Colour
    ) -> String {
        func padded(_ text: String, _ length: Int) -> String {
            String(repeating: " ", count: max(0, length - text.count)) + text
        }
        var lines: [String] = []
        if !title.isEmpty { lines.append(padded(title, gutter + 1 + (canvas.width + title.count) / 2)) }
        if !yLabel.isEmpty { lines.append(yLabel) }
        for y in 0..<canvas.height {
            let label = y == 0 ? yTop : y == canvas.height - 1 ? yBottom : ""
            let axis = label.isEmpty ? "│" : "┤"
            lines.append(padded(label, gutter) + axis + canvas.row(y, colour: colour))
        }
        lines.append(String(repeating: " ", count: gutter) + "└" + String(repeating: "─", count: canvas.width))
        let left = PlotAxis.compact(xLow)
        let right = PlotAxis.compact(xHigh)
        let space = max(1, canvas.width - left.count - right.count)
        lines.append(String(repeating: " ", count: gutter + 1) + left + String(repeating: " ", count: space) + right)
        if !xLabel.isEmpty { lines.append(padded(xLabel, gutter + 1 + (canvas.width + xLabel.count) / 2)) }
        var line = ""
        var lineLength = 0
        for (index, series) in self.series.enumerated() {
            let symbol = TextCanvas.painted(Plot.symbols[index % Plot.symbols.count], owner: index, colour: colour)
            let entry = "\(series.name)\(series.emphasized ? " (marked)" : "")"
            if lineLength > 0 && lineLength + 5 + entry.count > columns {
                lines.append(line)
                line = ""
                lineLength = 0
            }
            line += (lineLength > 0 ? "   " : "") + symbol + " " + entry
            lineLength += (lineLength > 0 ? 3 : 0) + 2 + entry.count
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A zero-width range widened so it can be drawn (by 1 around 0, else 10% of the value).
    static func widened(_ low: Double, _ high: Double) -> (Double, Double) {
        guard high - low <= abs(high) * 1e-12 else { return (low, high) }
        let pad = low == 0 ? 1 : abs(low) * 0.1
        return (low - pad, high + pad)
    }
}
