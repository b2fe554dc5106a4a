import AdvLang
import AdvSyntax
import Foundation

/// Results tables for scripts: `table` prints aligned columns, `pct` and `fmt` format numbers,
/// `figure` records a number beside the paper's for the run's record.
extension BuiltinLibrary {
    func registerTables() {
        register(
            "figure", "figure(label, ours, paper: p, n: 10000)",
            """
            Records one measured number beside the paper's and returns ours, for the run's record \
            (adv run --seeds 1,2,3 --record FILE summarises every figure over the seeds). n: the \
            paper's test size for a rate (its sampling error is then sqrt(p(1-p)/n), shown as a \
            percentage); se: the paper's sampling error of any other number; percent: show as a \
            percentage. Labels are unique within a run.
            """
        ) { args, session in
            try args.check(2...2, labels: ["paper", "n", "se", "percent"])
            let label = try args.string(0, "label")
            let ours = try args.number(1, "ours")
            let paper = try args.namedNumber("paper")
            let n = try args.namedInt("n")
            let stated = try args.namedNumber("se")
            guard n == nil || stated == nil else {
                throw RuntimeError("figure: give n (a rate's test size) or se (a stated error), not both")
            }
            if let n, n < 1 { throw RuntimeError("figure: n must be at least 1, got \(n)") }
            if let stated, !(stated >= 0 && stated.isFinite) {
                throw RuntimeError("figure: se must be a finite number of at least 0, got \(formatNumber(stated))")
            }
            if let n, paper == nil {
                throw RuntimeError("figure: n (\(n)) is the paper's test size, but no paper: value")
            }
            let paperError = n.map { FigureMeasurement.rateError(paper ?? 0, n: $0) } ?? stated ?? 0
            try session.recordFigure(
                FigureMeasurement(
                    label: label, ours: ours, paper: paper, paperError: paperError,
                    isPercent: try args.namedBool("percent") ?? (n != nil)))
            return .number(ours)
        }
        register(
            "table", "table(title, columns, rows)",
            """
            Prints an aligned text table: a title line, the column names, a rule, then one line per \
            row (rows are lists of strings and numbers; numbers print as `print` shows them, text \
            left-aligned, numbers right-aligned). Use pct(x) and fmt(x, digits) to format cells. A cell \
            "paper | ours" (pct(p) + " | " + pct(x)) of a figure recorded before the table gets a mark: \
            ✓ within 2 se of the paper, ✗ outside (coloured on a terminal), with a legend line.
            """
        ) { args, session in
            try args.check(3...3)
            let title = try args.string(0, "title")
            let columns = try args.list(1, "columns").map(\.description)
            let rows = try args.tableRows(2).enumerated().map { i, row throws -> [Value] in
                let cells: [Value]
                switch row {
                case .list(let items): cells = items
                // NOTE: a row of numbers only is a tensor literal [k].
                case .tensor(let t) where t.rank == 1: cells = t.scalars.map { .number(Double($0)) }
                default: throw RuntimeError("table: rows[\(i)] must be a list of cells, got \(row.typeDescription)")
                }
                guard cells.count == columns.count else {
                    throw RuntimeError(
                        "table: rows[\(i)] has \(cells.count) cell\(cells.count == 1 ? "" : "s") but there are \(columns.count) columns"
                    )
                }
                return cells
            }
            let table = TextTable(title: title, columns: columns, rows: rows, figures: session.figures)
            session.show(.table(table), orPrint: table.rendered(colour: session.usesColour))
            return .none
        }
        register("pct", "pct(x, digits: 1)", "x as a percentage string: pct(0.1234) is \"12.3%\".") { args, _ in
            try args.check(1...1, labels: ["digits"])
            let x = try args.number(0, "x")
            let digits = try args.namedInt("digits") ?? 1
            guard (0...10).contains(digits) else {
                throw RuntimeError("pct: digits must be from 0 to 10, got \(digits)")
            }
            return .string(x.isNaN ? "nan" : String(format: "%.\(digits)f%%", x * 100))
        }
        register(
            "fmt", "fmt(x, digits)", "x with `digits` digits after the point, as a string: fmt(3.14159, 2) is \"3.14\"."
        ) { args, _ in
            try args.check(2...2)
            let x = try args.number(0, "x")
            let digits = try args.int(1, "digits")
            guard (0...15).contains(digits) else {
                throw RuntimeError("fmt: argument 2 (digits) must be from 0 to 15, got \(digits)")
            }
            return .string(x.isNaN ? "nan" : String(format: "%.\(digits)f", x))
        }
    }
}

extension Arguments {
    /// The rows of a table: a list of rows, or a tensor [rows, columns] when every cell is a number
    /// (the literal `[[1, 2], [3, 4]]` is a tensor).
    func tableRows(_ i: Int) throws -> [Value] {
        let v = try value(i, "rows")
        switch v {
        case .list(let rows): return rows
        case .tensor(let t) where t.rank == 2:
            let k = t.shape[1]
            return (0..<t.shape[0]).map { r in .list(t.scalars[(r * k)..<((r + 1) * k)].map { .number(Double($0)) }) }
        default: throw RuntimeError("table: argument \(i + 1) (rows) must be a list of rows, got \(v.typeDescription)")
        }
    }
}
