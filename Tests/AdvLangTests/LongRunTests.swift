import Foundation
import XCTest

@testable import AdvLang

/// Long loops have bounds and stop on Ctrl-C: `pgd`'s steps are capped like `sweep`'s, `range`
/// makes at most 10^7 items, and a running `pgd` ends with "pgd: interrupted".
final class LongRunTests: XCTestCase {
    private let setup = """
        m = softmax_regression(seed: 1)
        e = examples(rand([5, 784], seed: 1), [0, 1, 2, 3, 4])

        """

    func testBoundsAreErrors() {
        assertErrorHeadlines([
            (
                setup + "x = pgd(m, e, 0.1, steps: 1e9)",
                "3:5: error: pgd: steps must be from 0 to 100000, got 1000000000"
            ),
            (setup + "x = pgd(m, e, 0/0)", "3:5: error: pgd: argument 3 (eps) must be a finite number, got nan"),
            (setup + "x = pgd(m, e, -1)", "3:5: error: pgd: argument 3 (eps) must be at least 0, got -1"),
            (
                setup + "x = pgd(m, e, 0.1, step: 1e39)",
                "3:5: error: pgd: step is too large for Float32 (at most 3.4e38), got 1e+39"
            ),
            ("x = range(1e8)", "1:5: error: range: 100000000 items is more than the 10000000 a list may hold"),
        ])
        let (output, diagnostics) = runProgram("print len(range(3, 10000000, step: 7))")
        XCTAssertNil(diagnostics)
        XCTAssertEqual(output, ["1428571"])
    }

    func testControlCStopsPGD() throws {
        let process = Process()
        process.executableURL = repositoryRoot.appendingPathComponent(".build/debug/adv")
        process.arguments = ["-e", setup + "print \"started\"\nx = pgd(m, e, 0.1, steps: 100000)"]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        XCTAssertEqual(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self), "started\n")
        Thread.sleep(forTimeInterval: 0.2)
        process.interrupt()
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 70)
        XCTAssertTrue(err.hasPrefix("-e:4:5: error: pgd: interrupted\n"), err)
    }
}
