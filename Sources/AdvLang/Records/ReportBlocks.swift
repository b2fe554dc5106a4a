import AdvSyntax
import Foundation

/// The generated blocks of a Markdown file: each block between `<!-- report: table1 table2 -->`
/// and `<!-- /report -->` holds the `adv report` of those scripts' records (NAME-full.json and
/// NAME-quick.json in the records folder), and `<!-- report summary: ... -->` one row per script,
/// so the README and the seminar guides quote measured numbers, refreshed by
/// `adv report --update FILE`, and CI (`--check`) notices a stale one.
public enum ReportBlocks {
    static let opening = "<!-- report:"
    static let summaryOpening = "<!-- report summary:"
    static let closing = "<!-- /report -->"

    /// The records a Markdown file quotes: the nearest folder named results at or above it (the
    /// README's results/, or ../results for docs/seminar-szegedy.md); results beside it if none.
    public static func recordsFolder(for markdownPath: String) -> String {
        var folder = URL(fileURLWithPath: markdownPath).standardizedFileURL.deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("results")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue {
                return candidate.path
            }
            guard folder.path != "/" else { break }
            folder.deleteLastPathComponent()
        }
        return ((markdownPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("results")
    }

    /// `text` with every block regenerated from the records in `folder`.
    public static func updated(_ text: String, name: String, records folder: String) throws(RuntimeError) -> String {
        var lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            let isSummary = line.hasPrefix(summaryOpening)
            guard line.hasPrefix(opening) || isSummary, line.hasSuffix("-->") else {
                index += 1
                continue
            }
            let scripts = line.dropFirst(isSummary ? summaryOpening.count : opening.count).dropLast(3)
                .split(separator: " ").map(String.init)
            guard
                let end = lines[(index + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == closing }
                )
            else {
                throw RuntimeError("\(name):\(index + 1): the report block has no \(closing) after it")
            }
            guard !scripts.isEmpty else { throw RuntimeError("\(name):\(index + 1): the report block names no script") }
            var records: [RunRecord] = []
            for script in scripts {
                for mode in ["full", "quick"] {
                    let path = (folder as NSString).appendingPathComponent("\(script)-\(mode).json")
                    if FileManager.default.fileExists(atPath: path) { records.append(try RunRecord.read(path)) }
                }
                if !records.contains(where: { $0.script == script }) {
                    throw RuntimeError(
                        "\(name):\(index + 1): no record of '\(script)' in \(folder) (\(script)-quick.json or \(script)-full.json)"
                    )
                }
            }
            let table = ResultsTable(records: records)
            let generated = (isSummary ? table.summaryMarkdown : table.markdown).components(separatedBy: "\n")
            lines.replaceSubrange((index + 1)..<end, with: [""] + generated + [""])
            index += generated.count + 3
        }
        return lines.joined(separator: "\n")
    }
}
