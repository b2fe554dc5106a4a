import AdvSyntax
import Foundation

/// The paper | full | quick tables the README and seminar guides show, made from run records
/// (`adv report results/*.json`), never typed by hand.
public struct ResultsTable {
    public let records: [RunRecord]

    public init(records: [RunRecord]) { self.records = records }

    /// The scripts, in the order they first appear among the records.
    private var scripts: [String] {
        var scripts: [String] = []
        for record in records where !scripts.contains(record.script) { scripts.append(record.script) }
        return scripts
    }

    /// A script's last full-mode and last quick-mode record.
    private func latest(of script: String) -> (full: RunRecord?, quick: RunRecord?) {
        let own = records.filter { $0.script == script }
        return (own.last { $0.mode == "full" }, own.last { $0.mode == "quick" })
    }

    /// Markdown: a count of the full-mode figures within noise, then one table per script, in
    /// the order the scripts first appear among the records.
    public var markdown: String {
        let full = records.filter { $0.mode == "full" }.flatMap(\.figures).filter { $0.within != nil }
        var lines: [String] = []
        if full.isEmpty {
            lines.append("No full-mode record yet: the full column is empty.")
        } else {
            let within = full.filter { $0.within == true }.count
            lines.append(
                "Full mode: \(within) of \(full.count) figures with a paper value lie within noise of it "
                    + "(|ours - paper| <= 2 sqrt(sd² + se²)).")
        }
        for script in scripts {
            lines += [""] + table(for: script)
        }
        return lines.joined(separator: "\n")
    }

    /// Markdown: one row per script, how many of its figures lie within noise of the paper in
    /// each mode and what a seed's run cost; the per-script tables (`markdown`) hold the figures.
    public var summaryMarkdown: String {
        var lines = [
            "| script | figures | within noise, full | within noise, quick | seconds a seed, full | seconds a seed, quick |",
            "|---|---|---|---|---|---|",
        ]
        var totals = (figures: 0, full: (0, 0), quick: (0, 0))
        for script in scripts {
            let (full, quick) = latest(of: script)
            func within(_ record: RunRecord?) -> (Int, Int)? {
                guard let compared = record?.figures.filter({ $0.within != nil }) else { return nil }
                return (compared.filter { $0.within == true }.count, compared.count)
            }
            func seconds(_ record: RunRecord?) -> String {
                guard let record else { return "-" }
                return "\(Int((record.wallSeconds / Double(max(record.seeds.count, 1))).rounded()))"
            }
            let count = (full ?? quick)?.figures.count ?? 0
            let inFull = within(full)
            let inQuick = within(quick)
            totals.figures += count
            if let inFull { totals.full = (totals.full.0 + inFull.0, totals.full.1 + inFull.1) }
            if let inQuick { totals.quick = (totals.quick.0 + inQuick.0, totals.quick.1 + inQuick.1) }
            let cells = [inFull, inQuick].map { $0.map { "\($0.0) of \($0.1)" } ?? "-" }
            lines.append(
                "| \(script) | \(count) | \(cells[0]) | \(cells[1]) | \(seconds(full)) | \(seconds(quick)) |")
        }
        func share(_ pair: (Int, Int)) -> String {
            pair.1 == 0 ? "-" : "\(pair.0) of \(pair.1) (\(Int((100 * Double(pair.0) / Double(pair.1)).rounded()))%)"
        }
        lines.append("| all | \(totals.figures) | \(share(totals.full)) | \(share(totals.quick)) | | |")
        return lines.joined(separator: "\n")
    }

    private func table(for script: String) -> [String] {
        let (full, quick) = latest(of: script)
        var labels: [String] = []
        for record in [full, quick].compactMap({ $0 }) {
            for figure in record.figures where !labels.contains(figure.label) { labels.append(figure.label) }
        }
        var lines = ["#### \(script)", ""]
        for (name, record) in [("full", full), ("quick", quick)] {
            guard let record else { continue }
            let commit = record.commit.map { String($0.prefix(7)) + (record.uncommittedChanges == true ? "+" : "") }
            lines.append(
                "- \(name): seeds \(record.seeds.map(String.init).joined(separator: ", ")), "
                    + "\(Int(record.wallSeconds.rounded())) s in all, commit \(commit ?? "unknown"), "
                    + "\(record.machine.cpu), \(record.machine.threads) threads")
        }
        lines += [
            "", "✓ within noise of the paper (2 sqrt(sd² + se²)), ✗ outside.", "",
            "| figure | paper | full | quick | full within noise |", "|---|---|---|---|---|",
        ]
        for label in labels {
            let inFull = full?.figures.first { $0.label == label }
            let inQuick = quick?.figures.first { $0.label == label }
            let any = inFull ?? inQuick
            let paper = any.flatMap { figure in figure.paper.map { figure.text($0) + " ± " + figure.text(figure.se) } }
            let within = inFull?.within.map { $0 ? "yes" : "**no**" }
            lines.append(
                "| \(label) | \(paper ?? "-") | \(cell(inFull)) | \(cell(inQuick)) | \(within ?? "-") |")
        }
        return lines
    }

    /// A figure's mean, with its spread when there were seeds to measure one, marked ✓ or ✗ by
    /// whether it lies within noise of the paper (`PaperMark`, as a run's own tables mark it).
    private func cell(_ figure: FigureSummary?) -> String {
        guard let figure else { return "-" }
        let mark = figure.within.map { " " + PaperMark.symbol(within: $0) } ?? ""
        return figure.text(figure.ours) + (figure.sd.map { " ± " + figure.text($0) } ?? "") + mark
    }
}
