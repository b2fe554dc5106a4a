import XCTest

@testable import AdvLang

/// Errors say the real rule once, in the user's words: the built-in's or operator's name (not the
/// runtime's), NaN as not finite, Float32 overflow as such.
final class MessageTests: XCTestCase {
    private let train = "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1])"

    func testTrainingNumbersSayTheirRule() {
        assertErrorHeadlines([
            (train + " lr -1", "1:1: error: train: lr must be a number greater than 0, got -1"),
            (train + " lr 0", "1:1: error: train: lr must be a number greater than 0, got 0"),
            (train + " maxnorm 0", "1:1: error: train: maxnorm must be a number greater than 0, got 0"),
            (train + " lr 1e39", "1:1: error: train: lr is too large for Float32 (at most 3.4e38), got 1e+39"),
            (train + " lr (0/0)", "1:1: error: train: lr must be a finite number greater than 0, got nan"),
            (
                "t = trainer(softmax_regression(), l2: [1, 2, 3])",
                "1:5: error: trainer: l2 has 3 values for the 1 weighted layer of FC10(0.0): give 1 value"
            ),
            (
                "t = trainer(fc([5, 5]), l2: [1, 2])",
                "1:5: error: trainer: l2 has 2 values for the 3 weighted layers of FC5-5-10: give 1 value or 3"
            ),
        ])
    }

    func testRuntimeErrorsUseTheLanguagesNames() {
        assertErrorHeadlines([
            ("x = [1, 2] < [1, 2, 3]", "1:5: error: compare (<): shapes [2] and [3] do not broadcast"),
            ("x = [1, 2] == [1, 2, 3]", "1:5: error: compare (==): shapes [2] and [3] do not broadcast"),
            ("x = max([1, 2], [1, 2, 3])", "1:5: error: max: shapes [2] and [3] do not broadcast"),
            (
                "x = transpose(zeros([2, 3, 4]), [0, 0, 1])",
                "1:5: error: transpose: [0, 0, 1] is not a permutation of the axes of shape [2, 3, 4]"
            ),
            (
                "x = concat(zeros([2, 3]), zeros([3, 2]))",
                "1:5: error: concat: shapes [2, 3] and [3, 2] differ off axis 0"
            ),
            ("x = logsumexp(zeros([2, 2]), axis: 5)", "1:5: error: logsumexp: axis 5 is out of range for shape [2, 2]"),
            ("x = concat()", "1:5: error: concat: expected at least 1 argument, got 0: concat(tensors, axis: 0)"),
            (
                "e = examples(rand([3, 4], seed: 1), [3, 3, 4])\nx = digits(e, [5])",
                "2:5: error: digits: examples: no examples with labels [5]"
            ),
            (
                "e = examples(zeros([0, 784]), [])\nx = sweep(softmax_regression(), e, 0, 1, 3)",
                "2:5: error: sweep: argument 2 (set) has no examples; it sweeps the first"
            ),
            ("fc([1e6, 1e6])", "1:1: error: fc: 1000796000010 parameters is more than the 200000000 allowed"),
        ])
    }

    func testATensorInATableIsOneLine() {
        let (output, diagnostics) = runProgram(
            "table(\"t\", [\"a\", \"b\", \"c\"], [[\"x\", zeros([2, 3]), 1], [\"y\", \"z\", 2]])")
        XCTAssertNil(diagnostics)
        XCTAssertEqual(
            output, ["t", "a  b              c", "-------------------", "x  tensor [2, 3]  1", "y  z              2"])
    }
}
