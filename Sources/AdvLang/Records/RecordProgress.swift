import AdvSyntax
import Foundation

/// The seeds a recorded run (`adv run --seeds ... --record FILE`) has finished, kept beside the
/// record as FILE.progress after every seed, so that a run stopped between seeds (a kill, the end
/// of a session) and started again with the same command goes on from the next seed instead of
/// from the first. Training inside a seed resumes through its own checkpoints (`train ... cache`).
///
/// A progress file is used only by a run of the same script with the same arguments, from a clean
/// commit that runs the same code as the one the progress was made at (commits in between touched
/// only documents or records: a later session can go on from an earlier one's seeds); any other is
/// ignored and overwritten. The record, once written, replaces it and names the later commit.
public struct RecordProgress: Codable, Sendable {
    public struct SeedRun: Codable, Sendable {
        public var seed: Int
        public var seconds: Double
        public var figures: [FigureMeasurement]
        public var expectations: [ExpectationResult]

        public init(seed: Int, seconds: Double, figures: [FigureMeasurement], expectations: [ExpectationResult]) {
            self.seed = seed
            self.seconds = seconds
            self.figures = figures
            self.expectations = expectations
        }
    }

    public var script: String
    public var arguments: [String]
    public var commit: String
    /// When the first seed started (ISO 8601, UTC).
    public var started: String
    public var done: [SeedRun]

    /// The progress file of the record at `recordPath`.
    public static func path(forRecord recordPath: String) -> String { recordPath + ".progress" }

    /// A new run's progress, or nil when the repository's state cannot name what ran (outside git,
    /// or with uncommitted changes): such a run starts from its first seed every time.
    public init?(scriptPath: String, arguments: [String], revision: GitRevision?, started: Date) {
        guard let revision, !revision.hasChanges else { return nil }
        script = scriptPath
        self.arguments = arguments
        commit = revision.commit
        self.started = ISO8601DateFormatter().string(from: started)
        done = []
    }

    /// The progress at `path` if it belongs to this run (same script and arguments, a commit
    /// `sameCode` accepts, and only seeds among `seeds`), moved to this run's commit; nil when
    /// there is none or it belongs to another run.
    public static func resumable(
        at path: String, for run: RecordProgress, seeds: [Int], sameCode: (_ commit: String) -> Bool
    ) -> RecordProgress? {
        guard let data = FileManager.default.contents(atPath: path),
            var progress = try? JSONDecoder().decode(RecordProgress.self, from: data),
            progress.script == run.script, progress.arguments == run.arguments, sameCode(progress.commit),
            progress.done.allSatisfy({ seeds.contains($0.seed) })
        else { return nil }
        progress.commit = run.commit
        return progress
    }

    /// Writes the progress through a temporary file and a rename.
    public func write(to path: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `started` as a date (now, if it cannot be read).
    public var startDate: Date { ISO8601DateFormatter().date(from: started) ?? Date() }
}
