import AdvLibrary
import XCTest

@testable import AdvLang

/// `adv run` without --verbose: only failed expects print, and one summary line ends the run.
final class ExpectationSummaryTests: XCTestCase {
    private func run(_ source: String, verbose: Bool) throws -> (lines: [String], summary: String?) {
        var lines: [String] = []
        let session = Session(library: .standard(), output: { lines.append($0) })
        session.printsEveryExpectation = verbose
        try session.run(source)
        return (lines, session.expectationSummary)
    }

    func testPassingExpectsPrintOnlyInVerboseMode() throws {
        let source = "expect 1 ~ 1.05 within 0.1\nexpect 2 > 1\nprint \"done\""
        let quiet = try run(source, verbose: false)
        XCTAssertEqual(quiet.lines, ["done"])
        XCTAssertEqual(quiet.summary, "2 expectations hold")
        let verbose = try run(source, verbose: true)
        XCTAssertEqual(verbose.lines, ["expect line 1: 1 ~ 1.05 within 0.1: ok", "expect line 2: 2 > 1: ok", "done"])
    }

    func testAFailurePrintsInFullAndTheSummaryCountsIt() throws {
        let quiet = try run("expect 1 ~ 2 within 0.5\nexpect true\nexpect 3 < 2", verbose: false)
        XCTAssertEqual(quiet.lines, ["expect line 1: 1 ~ 2 within 0.5: FAILED", "expect line 3: 3 < 2: FAILED"])
        XCTAssertEqual(quiet.summary, "2 of 3 expectations failed")
    }

    func testOneOrNoExpectation() throws {
        XCTAssertEqual(try run("expect true", verbose: false).summary, "1 expectation holds")
        XCTAssertNil(try run("print 1", verbose: false).summary)
    }
}
