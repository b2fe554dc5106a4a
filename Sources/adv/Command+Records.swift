import AdvData
import AdvLang
import AdvLibrary
import AdvREPL
import AdvSyntax
import Foundation

/// `adv run --seeds/--record/--against` and `adv report`: runs that leave a record, runs checked
/// against one, and the Markdown tables made from records.
extension Command {
    /// Runs a program once and checks each figure it records against a record of many seeds
    /// (`DriftCheck`): exit 1 when a figure drifted or an `expect` failed.
    static func runAgainst(_ file: SourceFile, arguments: [String], recordPath: String, options: RunOptions) -> Int32 {
        let record: RunRecord
        do {
            record = try RunRecord.read(recordPath)
        } catch {
            return usageError(error.message)
        }
        guard record.arguments == arguments else {
            return usageError(
                "'\(recordPath)' records the \(record.mode) mode; this run's arguments are [\(arguments.joined(separator: " "))]"
            )
        }
        let (session, outcome) = runSession(
            file, arguments: arguments, runSeed: 1, outputFolder: options.outputFolder, verbose: options.verbose)
        if let outcome { return report(outcome) }
        let (lines, passed) = DriftCheck(record: record).compare(session.figures)
        printOutput(
            "\nagainst \(recordPath) (\(record.seeds.count) seeds): each figure within 4 sd of its mean over the seeds (at least 0.2 points for rates, 1% for other numbers)"
        )
        for line in lines { printOutput(line) }
        return session.hasFailedExpectations || !passed ? ExitCode.failedExpectation : ExitCode.ok
    }

    /// Runs a program once per seed (the global `run_seed`), prints the figures it recorded over
    /// the seeds and writes the run's record. A run that stops on an error writes no record; with
    /// --record, the seeds finished so far are kept (`RecordProgress`) and the same command, run
    /// again from the same commit, goes on from the next seed.
    static func runRecorded(_ file: SourceFile, arguments: [String], options: RunOptions) -> Int32 {
        let seeds = options.seeds ?? [1]
        var started = Date()
        // Read before the first seed: files edited during a long run do not change what ran.
        let folder = (file.name as NSString).deletingLastPathComponent
        let revision = GitRevision(folder: folder)
        let progressPath = options.recordPath.map(RecordProgress.path(forRecord:))
        var progress = progressPath.flatMap { _ in
            RecordProgress(scriptPath: file.name, arguments: arguments, revision: revision, started: started)
        }
        if let fresh = progress, let progressPath,
            let earlier = RecordProgress.resumable(
                at: progressPath, for: fresh, seeds: seeds,
                sameCode: { revision?.runsTheSameCode(as: $0, folder: folder) ?? false }),
            !earlier.done.isEmpty
        {
            progress = earlier
            started = earlier.startDate
            let done = earlier.done.map { String($0.seed) }.joined(separator: ", ")
            printOutput("resuming from \(progressPath): run_seed \(done) already done")
        }
        var runs: [Int: RecordProgress.SeedRun] = [:]
        for run in progress?.done ?? [] { runs[run.seed] = run }
        var mnistChecksum: String?
        for seed in seeds where runs[seed] == nil {
            if seeds.count > 1 { printOutput("== run_seed \(seed) ==") }
            let clock = Date()
            let data = LoadedData()
            let (session, outcome) = runSession(
                file, arguments: arguments, runSeed: seed, outputFolder: options.outputFolder, data: data,
                verbose: options.verbose)
            mnistChecksum = data.mnist?.checksum ?? mnistChecksum
            if let outcome {
                printError("adv: run_seed \(seed) stopped; no record written")
                return report(outcome)
            }
            if Interrupt.isRaised {
                printError("adv: interrupted at run_seed \(seed); no record written")
                return ExitCode.runtime
            }
            let run = RecordProgress.SeedRun(
                seed: seed, seconds: Date().timeIntervalSince(clock), figures: session.figures,
                expectations: session.expectations)
            runs[seed] = run
            if var kept = progress, let progressPath {
                kept.done.append(run)
                do {
                    try kept.write(to: progressPath)
                } catch {
                    printError("adv: cannot keep the finished seeds in '\(progressPath)': \(reason(error))")
                }
                progress = kept
            }
        }
        let ordered = seeds.compactMap { runs[$0] }
        let record = RunRecord(
            scriptPath: file.name, arguments: arguments, seeds: seeds, revision: revision, version: Version.current,
            mnistChecksum: mnistChecksum ?? cachedMNISTChecksum(),
            started: started, secondsPerSeed: ordered.map(\.seconds), expectations: ordered.map(\.expectations),
            figures: FigureSummary.summaries(ordered.map(\.figures)))
        printOutput("\n" + record.summaryTable)
        if let path = options.recordPath {
            do {
                try record.json().write(to: URL(fileURLWithPath: path), options: .atomic)
                printOutput("record written to \(path)")
            } catch {
                printError("adv: cannot write the record '\(path)': \(reason(error))")
                return ExitCode.runtime
            }
            if let progressPath { try? FileManager.default.removeItem(atPath: progressPath) }
        }
        return record.failedExpectations > 0 ? ExitCode.failedExpectation : ExitCode.ok
    }

    /// The checksum of the MNIST in the cache, for a record none of whose seeds ran here loaded
    /// it (all resumed, or a script without MNIST): "none" when it cannot be loaded.
    private static func cachedMNISTChecksum() -> String {
        (try? MNIST.load())?.checksum ?? "none"
    }

    /// Regenerates the report blocks of Markdown files from the records in the nearest results/
    /// folder at or above them (`--update`), or says which are stale and exits 1 (`--check`, for CI).
    static func updateReports(_ paths: [String], checkOnly: Bool) -> Int32 {
        var stale: [String] = []
        for path in paths {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let records = ReportBlocks.recordsFolder(for: path)
                let updated = try ReportBlocks.updated(text, name: path, records: records)
                guard updated != text else { continue }
                if checkOnly {
                    stale.append(path)
                } else {
                    try updated.write(toFile: path, atomically: true, encoding: .utf8)
                    printOutput("updated \(path)")
                }
            } catch let error as RuntimeError {
                printError("adv: report: \(error.message)")
                return ExitCode.runtime
            } catch {
                printError("adv: report: \(path): \(reason(error))")
                return ExitCode.runtime
            }
        }
        guard stale.isEmpty else {
            printError(
                "adv: report: stale tables in \(stale.joined(separator: ", ")): run adv report --update \(stale.joined(separator: " "))"
            )
            return ExitCode.failedExpectation
        }
        return ExitCode.ok
    }
}
