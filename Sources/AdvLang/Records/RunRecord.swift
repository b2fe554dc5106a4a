import AdvSyntax
import AdvTensor
import Foundation

/// The record of one `adv run --seeds ... --record FILE`: what ran, on what, from which commit,
/// and every figure over the seeds. It is written by the run itself (committed full-mode records
/// live in results/), and `adv report` turns records into the paper | full | quick table.
public struct RunRecord: Codable, Sendable, Equatable {
    /// The script's name without folder and extension ("section6").
    public var script: String
    public var arguments: [String]
    /// "quick" for a run without arguments, else the arguments joined ("full").
    public var mode: String
    public var seeds: [Int]
    /// The git commit of the script's repository, and whether its sources, scripts or package had
    /// uncommitted changes (a committed record must come from a clean revision); nil outside a
    /// repository.
    public var commit: String?
    public var uncommittedChanges: Bool?
    public var version: String
    public var mnistChecksum: String
    public var machine: Machine
    /// When the first seed started (ISO 8601, UTC).
    public var started: String
    public var wallSeconds: Double
    public var secondsPerSeed: [Double]
    public var failedExpectations: Int
    public var figures: [FigureSummary]
    /// Every `expect` line's printed outcome in each seed's run, by line: the spread the quick
    /// tolerances are chosen from.
    public var expectations: [Expectation]

    public struct Expectation: Codable, Sendable, Equatable {
        public var line: Int
        /// The printed outcomes, run after run (a line inside a loop has one per pass), e.g.
        /// "expect line 12: 0.873 ~ 0.894 within 0.06: ok".
        public var outcomes: [String]
    }

    public struct Machine: Codable, Sendable, Equatable {
        public var cpu: String
        public var cores: Int
        public var threads: Int
        public var vector: String
        public var blas: String

        /// The machine this process runs on.
        public static var current: Machine {
            Machine(
                cpu: CPU.model, cores: CPU.cores, threads: BLAS.threads, vector: CPU.vectorExtensions,
                blas: BLAS.coreName)
        }
    }

    /// `revision`: the script's repository when the run started (`GitRevision(folder:)`);
    /// `mnistChecksum`: the data's (the `checksum` of the MNIST the run loaded).
    public init(
        scriptPath: String, arguments: [String], seeds: [Int], revision: GitRevision?, version: String,
        mnistChecksum: String, started: Date, secondsPerSeed: [Double], expectations: [[ExpectationResult]],
        figures: [FigureSummary]
    ) {
        script = ((scriptPath as NSString).lastPathComponent as NSString).deletingPathExtension
        self.arguments = arguments
        mode = arguments.isEmpty ? "quick" : arguments.joined(separator: " ")
        self.seeds = seeds
        commit = revision?.commit
        uncommittedChanges = revision?.hasChanges
        self.version = version
        self.mnistChecksum = mnistChecksum
        machine = .current
        self.started = ISO8601DateFormatter().string(from: started)
        wallSeconds = secondsPerSeed.reduce(0, +)
        self.secondsPerSeed = secondsPerSeed
        failedExpectations = expectations.joined().filter { !$0.passed }.count
        var lines: [Int] = []
        var outcomes: [Int: [String]] = [:]
        for result in expectations.joined() {
            if outcomes[result.line] == nil { lines.append(result.line) }
            outcomes[result.line, default: []].append(result.summary)
        }
        self.expectations = lines.map { Expectation(line: $0, outcomes: outcomes[$0] ?? []) }
        self.figures = figures
    }

    /// The record as JSON: sorted keys and one field a line, so two records diff cleanly.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a record; a file that is not one names itself and what is wrong.
    public static func read(_ path: String) throws(RuntimeError) -> RunRecord {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuntimeError("cannot read the record '\(path)': \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(RunRecord.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw RuntimeError("'\(path)' is not a run record: it has no '\(key.stringValue)'")
        } catch {
            throw RuntimeError("'\(path)' is not a run record: \(error.localizedDescription)")
        }
    }

    /// The figures as a text table (printed at the end of a recorded or multi-seed run).
    public var summaryTable: String {
        let spread = seeds.count > 1 ? "mean ± sd over \(seeds.count) seeds" : "seed \(seeds.first ?? 1)"
        let rows: [[Value]] = figures.map { figure in
            [
                .string(figure.label), .string(figure.paper.map { figure.text($0) } ?? "-"),
                .string(figure.text(figure.ours) + (figure.sd.map { " ± " + figure.text($0) } ?? "")),
                .string(figure.paper == nil ? "-" : figure.text(figure.se)),
                .string(figure.within.map { $0 ? "yes" : "no" } ?? "-"),
            ]
        }
        return TextTable(
            title: "\(script) (\(mode)): the paper's figures and ours, \(spread)",
            columns: ["figure", "paper", "ours", "paper's se", "within 2 sqrt(sd² + se²)"], rows: rows
        ).rendered
    }
}

extension FigureSummary {
    /// A value of this figure as text: a percentage with two decimals for rates, else four
    /// significant digits.
    func text(_ x: Double) -> String {
        percent ? String(format: "%.2f%%", x * 100) : String(format: "%.4g", x)
    }
}

/// The commit a folder is at, read with git, and whether what a run executes (the sources, the
/// scripts, the package) has uncommitted changes there; nil when git or the repository is missing.
public struct GitRevision: Sendable {
    /// The paths, relative to the repository, whose changes would change a run's numbers.
    static let code = [":/Sources", ":/Scripts", ":/Package.swift", ":/Package.resolved"]

    public let commit: String
    public let hasChanges: Bool

    /// `ADV_RECORD_COMMIT`, when set, names the commit the binary was built from and wins over the
    /// folder's HEAD: Scripts/records.sh builds a commit, then runs script after script, and a
    /// commit made meanwhile must not be named as the code that ran.
    public init?(folder: String) {
        if let built = ProcessInfo.processInfo.environment["ADV_RECORD_COMMIT"], !built.isEmpty {
            commit = built
            hasChanges = false
            return
        }
        guard let commit = GitRevision.git(["rev-parse", "HEAD"], in: folder),
            let status = GitRevision.git(
                ["status", "--porcelain", "--untracked-files=no", "--"] + GitRevision.code, in: folder)
        else { return nil }
        self.commit = commit
        hasChanges = !status.isEmpty
    }

    /// Whether the commit `other` runs the same code as this one: nothing under `code` differs
    /// between them (commits that touched only documents or records in between). False when git
    /// cannot tell, say because `other` is not in the repository.
    public func runsTheSameCode(as other: String, folder: String) -> Bool {
        other == commit
            || GitRevision.git(["diff", "--name-only", other, commit, "--"] + GitRevision.code, in: folder) == ""
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.isEmpty ? "." : folder] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
