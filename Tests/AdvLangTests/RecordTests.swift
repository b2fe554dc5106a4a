import AdvLibrary
import XCTest

@testable import AdvLang

/// Figures, their summaries over seeds, run records and the results table, on cases small enough
/// to check by hand.
final class RecordTests: XCTestCase {
    private func measurement(_ ours: Double, paper: Double? = 0.25, se: Double = 0.01) -> FigureMeasurement {
        FigureMeasurement(label: "error", ours: ours, paper: paper, paperError: se, isPercent: true)
    }

    func testRateErrorIsTheBinomialStandardError() {
        // sqrt(0.5 * 0.5 / 100) = 0.05; a rate of 0 or 1 has none.
        XCTAssertEqual(FigureMeasurement.rateError(0.5, n: 100), 0.05, accuracy: 1e-12)
        XCTAssertEqual(FigureMeasurement.rateError(0.0, n: 10000), 0)
        XCTAssertEqual(FigureMeasurement.rateError(0.3, n: 0), 0)
    }

    func testSummaryIsMeanSampleSpreadAndTwoCombinedErrors() throws {
        // 0.1, 0.2, 0.3: mean 0.2, sample sd 0.1; noise 2 sqrt(0.1^2 + 0.01^2) = 0.20100.
        let summary = try XCTUnwrap(FigureSummary([measurement(0.1), measurement(0.2), measurement(0.3)]))
        XCTAssertEqual(summary.ours, 0.2, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(summary.sd), 0.1, accuracy: 1e-12)
        XCTAssertEqual(summary.runs, [0.1, 0.2, 0.3])
        XCTAssertEqual(summary.within, true)  // |0.2 - 0.25| = 0.05
        let far = try XCTUnwrap(
            FigureSummary(
                [measurement(0.1), measurement(0.2), measurement(0.3)].map {
                    FigureMeasurement(label: $0.label, ours: $0.ours, paper: 0.41, paperError: 0.01, isPercent: true)
                }))
        XCTAssertEqual(far.within, false)  // |0.2 - 0.41| = 0.21 > 0.201
    }

    func testOneSeedHasNoSpreadAndOnlyThePapersNoise() throws {
        let summary = try XCTUnwrap(FigureSummary([measurement(0.265)]))
        XCTAssertNil(summary.sd)
        XCTAssertEqual(summary.within, true)  // 0.015 <= 2 * 0.01
        XCTAssertEqual(try XCTUnwrap(FigureSummary([measurement(0.28)])).within, false)
        XCTAssertNil(try XCTUnwrap(FigureSummary([measurement(0.28, paper: nil)])).within)
        XCTAssertNil(FigureSummary([]))
    }

    func testSummariesMatchFiguresByLabelInFirstOrder() {
        func figure(_ label: String, _ ours: Double) -> FigureMeasurement {
            FigureMeasurement(label: label, ours: ours, paper: nil, paperError: 0, isPercent: false)
        }
        let summaries = FigureSummary.summaries([[figure("b", 1), figure("a", 2)], [figure("a", 4), figure("b", 3)]])
        XCTAssertEqual(summaries.map(\.label), ["b", "a"])
        XCTAssertEqual(summaries.map(\.ours), [2, 3])
        XCTAssertEqual(summaries.map(\.runs), [[1, 3], [2, 4]])
    }

    func testFigureRecordsARateWithItsSamplingError() throws {
        let session = Session(library: .standard(), output: { _ in })
        try session.run(
            """
            x = figure("clean error", 0.012, paper: 0.01, n: 10000)
            figure("a bound", 3.5, paper: 3.1, se: 0.2)
            figure("ours alone", 7)
            """)
        XCTAssertEqual(session.global("x")?.asNumber, 0.012)
        XCTAssertEqual(session.figures.map(\.label), ["clean error", "a bound", "ours alone"])
        XCTAssertEqual(session.figures[0].paperError, (0.01 * 0.99 / 10000).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(session.figures.map(\.isPercent), [true, false, false])
        XCTAssertEqual(session.figures[1].paperError, 0.2)
        XCTAssertNil(session.figures[2].paper)
    }

    func testFigureRefusesARepeatedLabelAndMisfitArguments() {
        assertErrorHeadlines([
            (
                "figure(\"a\", 1)\nfigure(\"a\", 2)",
                "2:1: error: figure: 'a' was recorded already; each figure needs its own label"
            ),
            (
                "figure(\"a\", 1, paper: 0.5, n: 10, se: 0.1)",
                "1:1: error: figure: give n (a rate's test size) or se (a stated error), not both"
            ),
            ("figure(\"a\", 1, n: 10)", "1:1: error: figure: n (10) is the paper's test size, but no paper: value"),
            ("figure(\"a\", 1, paper: 0.5, n: 0)", "1:1: error: figure: n must be at least 1, got 0"),
        ])
    }

    /// Under run_seed 1 a seed means itself; under run_seed r every seed a script names is moved
    /// by 1,000,000 (r - 1), so `--seeds` varies a script's randomness without editing it.
    func testRunSeedShiftsEverySeedTheScriptNames() throws {
        func draws(_ source: String, runSeed: Int) throws -> [Float] {
            let session = Session(library: .standard(), runSeed: runSeed, output: { _ in })
            try session.run(source)
            guard case .tensor(let t)? = session.global("x") else { return [] }
            return t.scalars
        }
        let named = "x = rand([3], seed: 5)"
        XCTAssertEqual(try draws(named, runSeed: 2), try draws("x = rand([3], seed: 1000005)", runSeed: 1))
        XCTAssertNotEqual(try draws(named, runSeed: 2), try draws(named, runSeed: 1))
        XCTAssertEqual(
            try draws("seed(5)\nx = rand([3])", runSeed: 3), try draws("seed(2000005)\nx = rand([3])", runSeed: 1))
        for runSeed in [1, 4] {
            let session = Session(library: .standard(), runSeed: runSeed, output: { _ in })
            XCTAssertEqual(session.global("run_seed")?.asNumber, Double(runSeed))
        }
    }

    func testRecordRoundTripsAndTheTableShowsFullAndQuick() throws {
        let figures = FigureSummary.summaries([
            [FigureMeasurement(label: "clean error", ours: 0.01, paper: 0.0094, paperError: 0.001, isPercent: true)],
            [FigureMeasurement(label: "clean error", ours: 0.012, paper: 0.0094, paperError: 0.001, isPercent: true)],
        ])
        let full = RunRecord(
            scriptPath: "/nowhere/section6.adv", arguments: ["full"], seeds: [1, 2], revision: nil, version: "0.1.0",
            mnistChecksum: "2646ac647ad5",
            started: Date(timeIntervalSince1970: 0), secondsPerSeed: [10, 12], expectations: [], figures: figures)
        XCTAssertEqual(full.script, "section6")
        XCTAssertEqual(full.mode, "full")
        XCTAssertEqual(full.wallSeconds, 22)
        XCTAssertNil(full.commit)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: path) }
        try full.json().write(to: path)
        XCTAssertEqual(try RunRecord.read(path.path), full)

        var quick = full
        quick.mode = "quick"
        quick.seeds = [1]
        let markdown = ResultsTable(records: [full, quick]).markdown
        // Mean 1.10%, sd 0.14%; |1.10 - 0.94| = 0.16 <= 2 sqrt(0.1414^2 + 0.1^2) = 0.35.
        XCTAssertTrue(markdown.contains("Full mode: 1 of 1 figures with a paper value lie within noise"), markdown)
        XCTAssertTrue(
            markdown.contains("| clean error | 0.94% ± 0.10% | 1.10% ± 0.14% ✓ | 1.10% ± 0.14% ✓ | yes |"), markdown)
    }

    func testReadingSomethingElseNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "not-a-record-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data("{\"script\": 3}".utf8).write(to: path)
        XCTAssertThrowsError(try RunRecord.read(path.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("'\(path.path)' is not a run record"), "\(error)")
        }
        XCTAssertThrowsError(try RunRecord.read("/no/such/record.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot read the record '/no/such/record.json'"), "\(error)")
        }
    }

    func testReportBlocksAreRegeneratedFromTheNearestResultsFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let results = root.appendingPathComponent("results")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let figures = FigureSummary.summaries([
            [FigureMeasurement(label: "clean error", ours: 0.02, paper: 0.0094, paperError: 0.001, isPercent: true)]
        ])
        let quick = RunRecord(
            scriptPath: "fig2.adv", arguments: [], seeds: [1], revision: nil, version: "0.1.0",
            mnistChecksum: "2646ac647ad5",
            started: Date(timeIntervalSince1970: 0),
            secondsPerSeed: [2], expectations: [], figures: figures)
        try quick.json().write(to: results.appendingPathComponent("fig2-quick.json"))
        let guide = docs.appendingPathComponent("guide.md").path
        XCTAssertEqual(ReportBlocks.recordsFolder(for: guide), results.standardizedFileURL.path)

        let text = "# Guide\n<!-- report: fig2 -->\nold table\n<!-- /report -->\nafter\n"
        let updated = try ReportBlocks.updated(text, name: "guide.md", records: results.path)
        XCTAssertTrue(updated.hasPrefix("# Guide\n<!-- report: fig2 -->\n\nNo full-mode record yet"), updated)
        XCTAssertTrue(
            updated.contains("| clean error | 0.94% ± 0.10% | - | 2.00% ✗ | - |\n\n<!-- /report -->\nafter\n"), updated)
        XCTAssertFalse(updated.contains("old table"))
        XCTAssertEqual(try ReportBlocks.updated(updated, name: "guide.md", records: results.path), updated)

        XCTAssertThrowsError(try ReportBlocks.updated("<!-- report: fig2 -->\n", name: "g.md", records: results.path)) {
            XCTAssertEqual("\($0)", "g.md:1: the report block has no <!-- /report --> after it")
        }
        XCTAssertThrowsError(
            try ReportBlocks.updated("<!-- report: table9 -->\n<!-- /report -->", name: "g.md", records: results.path)
        ) {
            XCTAssertTrue("\($0)".hasPrefix("g.md:1: no record of 'table9' in "), "\($0)")
        }
    }

    func testDriftIsMeasuredInTheRecordsSeedSpread() throws {
        func measured(_ label: String, _ values: [Double], percent: Bool = true) -> [FigureMeasurement] {
            values.map { FigureMeasurement(label: label, ours: $0, paper: nil, paperError: 0, isPercent: percent) }
        }
        // "spread": mean 0.2, sd 0.01 -> 0.04; "fixed": no spread -> the 0.002 floor; "plain": 1% of 5.
        let figures = try [
            measured("spread", [0.19, 0.2, 0.21]), measured("fixed", [1, 1, 1]),
            measured("plain", [5, 5, 5], percent: false),
        ].map { try XCTUnwrap(FigureSummary($0)) }
        XCTAssertEqual(DriftCheck.tolerance(figures[0]), 0.04, accuracy: 1e-12)
        XCTAssertEqual(DriftCheck.tolerance(figures[1]), 0.002)
        XCTAssertEqual(DriftCheck.tolerance(figures[2]), 0.05, accuracy: 1e-12)
        let record = RunRecord(
            scriptPath: "t.adv", arguments: [], seeds: [1, 2, 3], revision: nil, version: "0.1.0",
            mnistChecksum: "2646ac647ad5",
            started: Date(timeIntervalSince1970: 0), secondsPerSeed: [1, 1, 1], expectations: [], figures: figures)
        let check = DriftCheck(record: record)
        let fine = check.compare(
            measured("spread", [0.239]) + measured("fixed", [0.999]) + measured("plain", [5.04], percent: false))
        XCTAssertTrue(fine.passed, fine.lines.joined(separator: "\n"))
        XCTAssertEqual(fine.lines[0], "drift: spread: 23.90% ~ 20.00% within 4.00%: ok")
        let drifted = check.compare(measured("spread", [0.241]) + measured("fixed", [1]) + measured("new", [3]))
        XCTAssertFalse(drifted.passed)
        XCTAssertEqual(
            drifted.lines,
            [
                "drift: spread: 24.10% ~ 20.00% within 4.00%: FAILED",
                "drift: fixed: 100.00% ~ 100.00% within 0.20%: ok",
                "drift: new: not in the record: FAILED", "drift: plain: recorded but not measured: FAILED",
            ])
    }
}
