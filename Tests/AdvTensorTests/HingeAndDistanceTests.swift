import AdvTestSupport
import XCTest

@testable import AdvTensor

/// The linear SVM's squared hinge and k-NN's squared distances, on cases worked by hand.
final class HingeAndDistanceTests: XCTestCase {
    func testSquaredHingeByHand() throws {
        // Row 0, label 0: class 0 clears its margin (1 - 2 < 0), class 1 misses by 1 - 0.5 = 0.5,
        // class 2 by 1 + 0.3 = 1.3: 0.25 + 1.69. Row 1, label 2: 1.5^2 + 0 + (1 - 0.5)^2.
        let scores = try tensor([2, 3], [2, -0.5, 0.3, 0.5, -3, 0.5])
        let (losses, gradient) = try Tensor.oneVsRestSquaredHinge(scores: scores, labels: [0, 2], gradientScale: 0.5)
        XCTAssertEqual(losses[0], 1.94, accuracy: 1e-6)
        XCTAssertEqual(losses[1], 2.5, accuracy: 1e-6)
        // d/ds_c = -2 t_c max(0, 1 - t_c s_c), times 0.5.
        assertClose(gradient, try tensor([2, 3], [0, 0.5, 1.3, 1.5, 0, -0.5]))
    }

    func testSquaredHingeChecksItsLabels() {
        assertTensorError("oneVsRestSquaredHinge: label 3 at index 0 is outside 0..<3 for logits [1, 3]") {
            try Tensor.oneVsRestSquaredHinge(scores: try tensor([1, 3], [0, 0, 0]), labels: [3])
        }
    }

    func testSquaredDistancesOfARowRange() throws {
        let a = try tensor([2, 2], [0, 0, 1, 1])
        let b = try tensor([3, 2], [3, 4, 1, 0, 0, 0])
        XCTAssertEqual(try b.rowSquaredNorms(), [25, 1, 0])
        var distances = Tensor.zeros([0])
        try Tensor.squaredDistances(
            a, aNorms: try a.rowSquaredNorms(), b, rows: 1..<3, bNorms: try b.rowSquaredNorms(), into: &distances)
        assertClose(distances, try tensor([2, 2], [1, 0, 1, 2]))
        try Tensor.squaredDistances(
            a, aNorms: try a.rowSquaredNorms(), b, rows: 0..<3, bNorms: try b.rowSquaredNorms(), into: &distances)
        assertClose(distances, try tensor([2, 3], [25, 1, 0, 13, 1, 2]))
    }

    func testSquaredDistancesCheckTheirOperands() throws {
        var distances = Tensor.zeros([0])
        assertTensorError("squaredDistances: rows [2, 2] and [3, 3]: want [m, d] and [N, d]") {
            try Tensor.squaredDistances(
                try tensor([2, 2], [0, 0, 0, 0]), aNorms: [0, 0], try tensor([3, 3], Array(repeating: 0, count: 9)),
                rows: 0..<3, bNorms: [0, 0, 0], into: &distances)
        }
    }
}
