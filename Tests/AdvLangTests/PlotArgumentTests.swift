import XCTest

@testable import AdvLang

/// `plot` and `save_plot` check every field of a hand-made record (shapes, the label) and say
/// what is wrong instead of trapping.
final class PlotArgumentTests: XCTestCase {
    func testOddShapedRecordsAreErrors() {
        assertErrorHeadlines([
            (
                "plot({eps: [1, 2], logits: [1, 2]})",
                "1:1: error: plot: logits of record 1 must be a tensor [eps, classes] with 2 rows (one per eps), got tensor [2]"
            ),
            (
                "plot({eps: [1, 2], logits: tensor(3)})",
                "1:1: error: plot: logits of record 1 must be a tensor [eps, classes] with 2 rows (one per eps), got tensor []"
            ),
            (
                "save_plot({eps: [1, 2], logits: [[1, 2, 3]]}, \"x.svg\")",
                "1:1: error: save_plot: logits of record 1 must be a tensor [eps, classes] with 2 rows (one per eps), got tensor [1, 3]"
            ),
            (
                "plot({eps: [[1, 2]], logits: [[1, 2], [3, 4]]})",
                "1:1: error: plot: eps of record 1 must be a tensor [k], got tensor [1, 2]"
            ),
            (
                "plot({eps: [1, 2], logits: [[1, 2], [3, 4]], label: 0/0})",
                "1:1: error: plot: label of record 1 must be an integer, got nan"
            ),
            (
                "plot({eps: [1, 2], logits: [[1, 2], [3, 4]], label: 1e300})",
                "1:1: error: plot: label of record 1 must be an integer, got 1e+300"
            ),
            (
                "plot({eps: [1, 2], logits: [[1, 2], [3, 4]], label: 2})",
                "1:1: error: plot: label of record 1 must be a class from 0 to 1, got 2"
            ),
            (
                "plot({eps: [1, 2], errors: tensor(3)})",
                "1:1: error: plot: errors of record 1 must be a tensor [models, eps], got tensor []"
            ),
            (
                "plot({eps: [1, 2], errors: [1, 2, 3]})",
                "1:1: error: plot: errors of record 1 has curves of 3 points, but there are 2 eps values"
            ),
            (
                "plot(zeros([2, 2, 2]))",
                "1:1: error: plot: argument 1 must be a tensor [k] or [m, k] of curves, got tensor [2, 2, 2]"
            ),
            (
                "save_plot([0/0, 0/0], \"x.svg\")",
                "1:1: error: save_plot: the chart has no finite points to draw"
            ),
            (
                "plot([0/0], title: \"loss\")",
                "1:1: error: plot: the chart \"loss\" has no finite points to draw"
            ),
        ])
    }

    func testWellFormedRecordsStillDraw() {
        let (output, diagnostics) = runProgram(
            """
            plot({eps: [1, 2], logits: [[1, 2], [3, 4]], label: 1})
            plot({eps: [1, 2], errors: [0.1, 0.2]})
            """)
        XCTAssertNil(diagnostics)
        XCTAssertGreaterThan(output.count, 10)
    }
}
