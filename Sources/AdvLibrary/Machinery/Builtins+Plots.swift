import AdvData
import AdvLang
import AdvSyntax
import AdvTensor

/// Line charts: `plot` draws text in the terminal (SVG inline in a notebook), `save_plot` writes
/// SVG for slides.
///
/// Each positional argument adds series: a `sweep` record (one series per class against eps, the
/// true class emphasized: Goodfellow's Fig. 4), an `error_vs_eps` record (one series per model),
/// a tensor [k] (a curve over 0..k-1, e.g. errors per epoch), a tensor [m, k] (m curves), or a
/// record {x, y, name} for one curve with its own x values.
extension BuiltinLibrary {
    func registerPlots() {
        let labels: Set<String> = ["title", "x", "y"]
        register(
            "plot",
            "plot(series, title: \"\", x: \"\", y: \"\")\nplot(series1, series2, title: \"\", x: \"\", y: \"\")",
            """
            Draws a line chart in the terminal. Series: a sweep record (the logits against eps, \
            true class emphasized), an error_vs_eps record, a tensor [k] or [m, k] of curves, or a \
            record {x, y, name}.
            """
        ) { args, session in
            try args.check(1...100, labels: labels)
            let plot = try args.plot(args.positional)
            try args.naming {
                try session.show(
                    .svg(try plot.svg(width: Plot.inlineWidth, height: Plot.inlineHeight)),
                    orPrint: try plot.text().trimmingSuffix("\n"))
            }
            return .none
        }
        register(
            "save_plot",
            "save_plot(series, \"file.svg\", title: \"\", x: \"\", y: \"\")\nsave_plot(series1, series2, \"file.svg\", title: \"\", x: \"\", y: \"\")",
            """
            Writes the chart `plot` draws as an SVG file (1200 x 800) for slides.
            """
        ) { args, session in
            try args.check(2...100, labels: labels)
            let plot = try args.plot(Array(args.positional.dropLast()))
            let file = try args.outputPath(args.count - 1, "file", session)
            try args.naming { try plot.writeSVG(to: file) }
            if let sink = session.display {
                sink(.svg(try args.naming { try plot.svg(width: Plot.inlineWidth, height: Plot.inlineHeight) }))
            }
            return .none
        }
    }
}

extension Plot {
    /// The size of a chart shown inline in a notebook: a page column, not a slide.
    static let inlineWidth = 720
    static let inlineHeight = 480
}

extension String {
    /// The string without one trailing `suffix`.
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

extension Arguments {
    /// A chart of `values` with the `title:`, `x:` and `y:` labels.
    func plot(_ values: [Value]) throws -> Plot {
        func label(_ name: String) throws -> String {
            guard let v = namedValue(name) else { return "" }
            guard case .string(let s) = v else {
                throw RuntimeError("\(callee): \(name) must be a string, got \(v.typeDescription)")
            }
            return s
        }
        var plot = Plot(title: try label("title"), xLabel: try label("x"), yLabel: try label("y"))
        for (i, v) in values.enumerated() { plot.series += try series(v, at: i) }
        return plot
    }

    private func series(_ v: Value, at i: Int) throws -> [Plot.Series] {
        switch v {
        case .tensor(let t) where t.rank == 1:
            return [Plot.Series(name: "series \(i + 1)", ys: t.scalars.map(Double.init))]
        case .tensor(let t) where t.rank == 2:
            return try curves(t, xs: nil, names: nil, what: "argument \(i + 1)")
        case .tensor(let t):
            throw RuntimeError(
                "\(callee): argument \(i + 1) must be a tensor [k] or [m, k] of curves, got tensor \(t.shape.shapeDescription)"
            )
        case .record(let r):
            if case .tensor(let eps)? = r["eps"], case .tensor(let logits)? = r["logits"] {
                return try sweepCurves(eps: eps, logits: logits, label: r["label"], at: i)
            }
            if case .tensor(let eps)? = r["eps"], case .tensor(let errors)? = r["errors"] {
                let names =
                    (r["models"].flatMap {
                        if case .list(let l) = $0 { return l.map(\.description) } else { return nil }
                    })
                let rows = errors.rank == 1 ? try errors.reshaped([1, errors.count]) : errors
                return try curves(
                    rows, xs: try xs(eps, of: i), names: names, what: "errors of record \(i + 1)",
                    expected: "[models, eps]")
            }
            if let y = r["y"]?.asTensor, y.rank == 1 {
                let xs = try r["x"].map { x throws -> [Double] in
                    guard let t = x.asTensor, t.rank == 1 else {
                        throw RuntimeError("\(callee): x of series \(i + 1) must be a list of numbers")
                    }
                    return t.scalars.map(Double.init)
                }
                let name = r["name"]?.description ?? "series \(i + 1)"
                let ys = y.scalars.map(Double.init)
                return [xs.map { Plot.Series(name: name, xs: $0, ys: ys) } ?? Plot.Series(name: name, ys: ys)]
            }
            throw RuntimeError("\(callee): record \(i + 1) is not a sweep, an error_vs_eps result or {x, y, name}")
        default:
            throw RuntimeError(
                "\(callee): argument \(i + 1) must be a tensor or a record of series, got \(v.typeDescription)")
        }
    }

    /// A `sweep` record's curves: one per class of `logits` [eps, classes], the true `label`
    /// emphasized. Every field is checked here because a hand-made record can hold anything.
    private func sweepCurves(eps: Tensor, logits: Tensor, label: Value?, at i: Int) throws -> [Plot.Series] {
        let xs = try xs(eps, of: i)
        guard logits.rank == 2, logits.shape[0] == xs.count else {
            throw RuntimeError(
                "\(callee): logits of record \(i + 1) must be a tensor [eps, classes] with \(xs.count) rows (one per eps), got tensor \(logits.shape.shapeDescription)"
            )
        }
        let classes = logits.shape[1]
        var curves = try curves(
            try logits.transposed(), xs: xs, names: (0..<classes).map { "class \($0)" },
            what: "logits of record \(i + 1)")
        if let label {
            let what = "\(callee): label of record \(i + 1)"
            guard let n = label.asNumber else {
                throw RuntimeError("\(what) must be a number, got \(label.typeDescription)")
            }
            let index = try Arguments.integer(n, what)
            guard curves.indices.contains(index) else {
                throw RuntimeError("\(what) must be a class from 0 to \(classes - 1), got \(index)")
            }
            curves[index].emphasized = true
        }
        return curves
    }

    /// A record's `eps` as x values: a tensor [k].
    private func xs(_ eps: Tensor, of i: Int) throws -> [Double] {
        guard eps.rank == 1 else {
            throw RuntimeError(
                "\(callee): eps of record \(i + 1) must be a tensor [k], got tensor \(eps.shape.shapeDescription)")
        }
        return eps.scalars.map(Double.init)
    }

    /// One series per row of `t` [m, k], over `xs` (default 0..k-1); `what` names `t` in errors.
    private func curves(
        _ t: Tensor, xs: [Double]?, names: [String]?, what: String, expected: String = "[m, k]"
    ) throws -> [Plot.Series] {
        guard t.rank == 2 else {
            throw RuntimeError(
                "\(callee): \(what) must be a tensor \(expected), got tensor \(t.shape.shapeDescription)")
        }
        let m = t.shape[0]
        let k = t.shape[1]
        guard xs == nil || xs?.count == k else {
            throw RuntimeError(
                "\(callee): \(what) has curves of \(k) points, but there are \(xs?.count ?? 0) eps values")
        }
        return (0..<m).map { row in
            let ys = t.scalars[(row * k)..<((row + 1) * k)].map(Double.init)
            let name = names.flatMap { $0.indices.contains(row) ? $0[row] : nil } ?? "series \(row + 1)"
            return xs.map { Plot.Series(name: name, xs: $0, ys: ys) } ?? Plot.Series(name: name, ys: ys)
        }
    }
}
