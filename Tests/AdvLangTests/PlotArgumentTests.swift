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

/// File names given to the writers and `load_model`: an empty one is an error, not the current
/// folder.
final class FileArgumentTests: XCTestCase {
    func testEmptyFileNamesAreErrors() {
        assertErrorHeadlines([
            (
                "save_model(softmax_regression(), \"\")",
                "1:1: error: save_model: argument 2 (file) must name a file, got an empty string"
            ),
            ("load_model(\"\")", "1:1: error: load_model: argument 1 (file) must name a file, got an empty string"),
            (
                "save_png(zeros([784]), \"\")",
                "1:1: error: save_png: argument 2 (file) must name a file, got an empty string"
            ),
            (
                "export_npz(softmax_regression(), \"\")",
                "1:1: error: export_npz: argument 2 (file) must name a file, got an empty string"
            ),
            (
                "save_plot([1, 2], \"/nonexistent/dir/a.svg\")",
                "1:1: error: save_plot: /nonexistent/dir/a.svg: the folder /nonexistent/dir does not exist"
            ),
        ])
    }
}
