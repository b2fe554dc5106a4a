import AdvLang
import Foundation

/// The bundled scripts for `adv run --list` and the REPL's `:scripts`: each script's claim line
/// and what a seed's run cost here in quick and full mode (from the run records beside Scripts/,
/// results/NAME-quick.json and NAME-full.json).
///
/// The convention every bundled script follows: its first line is a comment
/// `# SOURCE, SECTION: CLAIM` on one line (for example `# Szegedy et al. 2014, Table 4: adversarial
/// examples transfer ...`); the comment lines up to the first line that is not a comment are its
/// header, which `adv run NAME --help` prints.
public struct ScriptCatalog {
    public struct Entry: Equatable {
        public let name: String
        /// The first header line without its "# ".
        public let claim: String
        /// Wall seconds a seed took in the last quick and full run records; nil: not recorded.
        public let quickSeconds: Double?
        public let fullSeconds: Double?
    }

    public let entries: [Entry]

    /// The scripts of the first bundled Scripts/ folder `locator` finds (nil when there is none).
    public init?(locator: ScriptLocator = ScriptLocator()) {
        guard let folder = locator.scriptFolders().first else { return nil }
        self.init(folder: folder)
    }

    /// The scripts in `folder`, by name; the records in `folder`/../results.
    public init(folder: String) {
        let fm = FileManager.default
        let results = ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("results")
        let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".adv") }.sorted()
        entries = names.map { file in
            let name = String(file.dropLast(4))
            let text = (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8))
            func seconds(_ mode: String) -> Double? {
                let path = (results as NSString).appendingPathComponent("\(name)-\(mode).json")
                guard fm.fileExists(atPath: path), let record = try? RunRecord.read(path) else { return nil }
                return record.wallSeconds / Double(max(record.seeds.count, 1))
            }
            return Entry(
                name: name, claim: ScriptCatalog.header(of: text ?? "").first ?? "(no header)",
                quickSeconds: seconds("quick"), fullSeconds: seconds("full"))
        }
    }

    /// The leading comment lines of a script, without "#" and one space.
    public static func header(of text: String) -> [String] {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            lines.append(String(line.dropFirst(line.hasPrefix("# ") ? 2 : 1)))
        }
        return lines
    }

    /// Whether a claim line follows the convention: "SOURCE, SECTION: CLAIM".
    public static func followsConvention(_ claim: String) -> Bool {
        guard let colon = claim.range(of: ": ") else { return false }
        let before = claim[..<colon.lowerBound]
        return before.contains(", ") && !claim[colon.upperBound...].trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// One line per script: name, seconds a seed in quick and full mode, claim.
    public var listing: String {
        let width = entries.map(\.name.count).max() ?? 0
        func time(_ seconds: Double?) -> String {
            guard let seconds else { return "not recorded" }
            return seconds < 120 ? "\(Int(seconds.rounded())) s" : "\(Int((seconds / 60).rounded())) min"
        }
        let lines = entries.map { entry in
            let quick = "quick " + time(entry.quickSeconds)
            let full = "full " + time(entry.fullSeconds)
            return entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + quick.padding(toLength: 20, withPad: " ", startingAt: 0)
                + full.padding(toLength: 19, withPad: " ", startingAt: 0) + entry.claim
        }
        return (lines + ["(times: wall seconds a seed, measured here: results/NAME-quick.json, NAME-full.json)"])
            .joined(separator: "\n")
    }
}
