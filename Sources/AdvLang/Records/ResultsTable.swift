import Foundation

/// The paper | full | quick tables the README and seminar guides show, made from run records
/// (`adv report results/*.json`), never typed by hand.
public struct ResultsTable {
    public let records: [RunRecord]

    public init(records: [RunRecord]) { self.records = records }

    /// Markdown: a count of the full-mode figures within noise, then one table per script, in
    /// the order the scripts first appear among the records.
    public var markdown: String {
        var scripts: [String] = []
        for record in records where !scripts.contains(record.script) { scripts.append(record.script) }
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

    private func table(for script: String) -> [String] {
        let own = records.filter { $0.script == script }
        let full = own.last { $0.mode == "full" }
        let quick = own.last { $0.mode == "quick" }
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
        lines += ["", "| figure | paper | full | quick | full within noise |", "|---|---|---|---|---|"]
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

    /// A figure's mean, with its spread when there were seeds to measure one.
    private func cell(_ figure: FigureSummary?) -> String {
        guard let figure else { return "-" }
        return figure.text(figure.ours) + (figure.sd.map { " ± " + figure.text($0) } ?? "")
    }
}
