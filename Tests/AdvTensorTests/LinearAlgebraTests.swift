import AdvTestSupport
import XCTest

@testable import AdvTensor

final class LinearAlgebraTests: XCTestCase {
    func testMatrixProduct() throws {
        let a = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
        let b = try tensor([3, 2], [7, 8, 9, 10, 11, 12])
        assertClose(try Tensor.matmul(a, b), try tensor([2, 2], [58, 64, 139, 154]))
    }

    func testVectorOperands() throws {
        let a = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
        let v = try tensor([3], [1, 0, -1])
        let w = try tensor([2], [1, 1])
        assertClose(try Tensor.matmul(a, v), try tensor([2], [-2, -2]))
        assertClose(try Tensor.matmul(w, a), try tensor([3], [5, 7, 9]))
        assertClose(try Tensor.matmul(v, v), Tensor(2))
    }

    func testTransposedOperandsAreNotCopied() throws {
        let a = try tensor([3, 2], [1, 4, 2, 5, 3, 6])  // [2, 3] transposed
        let b = try tensor([2, 3], [7, 9, 11, 8, 10, 12])  // [3, 2] transposed
        let expected = try tensor([2, 2], [58, 64, 139, 154])
        assertClose(try Tensor.matmul(a, transposeA: true, b, transposeB: true), expected)
        assertClose(try Tensor.matmul(a, transposeA: true, try b.transposed(), transposeB: false), expected)
        assertClose(try Tensor.matmul(try a.transposed(), transposeA: false, b, transposeB: true), expected)
    }

    func testEmptyInnerDimensionGivesZeros() throws {
        let product = try Tensor.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3]))
        assertClose(product, Tensor.zeros([2, 3]))
        XCTAssertEqual(try Tensor.matmul(Tensor.zeros([0, 4]), Tensor.zeros([4, 3])).shape, [0, 3])
    }

    func testMatmulErrors() throws {
        assertTensorError("matmul: [100, 784] x [10, 784]: inner dimensions 784 and 10 differ") {
            try Tensor.matmul(Tensor.zeros([100, 784]), Tensor.zeros([10, 784]))
        }
        assertTensorError("matmul: [2, 3]^T x [3, 3]: inner dimensions 2 and 3 differ") {
            try Tensor.matmul(Tensor.zeros([2, 3]), transposeA: true, Tensor.zeros([3, 3]), transposeB: false)
        }
        assertTensorError("matmul: [2, 2, 2] x [2]: operands must have rank 1 or 2") {
            try Tensor.matmul(Tensor.zeros([2, 2, 2]), Tensor.zeros([2]))
        }
    }

    func testTranspose() throws {
        let a = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
        assertClose(try a.transposed(), try tensor([3, 2], [1, 4, 2, 5, 3, 6]))
        let v = try tensor([3], [1, 2, 3])
        assertClose(try v.transposed(), v)
    }

    func testBlockedTransposeOfLargeMatrix() throws {
        let rows = 70
        let columns = 45
        let a = try tensor([rows, columns], (0..<(rows * columns)).map(Float.init))
        let t = try a.transposed()
        XCTAssertEqual(t.shape, [columns, rows])
        for i in [0, 33, 69] {
            for j in [0, 31, 32, 44] { XCTAssertEqual(t.scalars[j * rows + i], a.scalars[i * columns + j]) }
        }
        assertClose(try t.transposed(), a)
    }

    func testEveryScalarMovesAtShapesAroundTheEightByEightBlocks() throws {
        for (rows, columns) in [(8, 8), (16, 24), (9, 17), (7, 30), (33, 5), (1, 12)] {
            let a = try tensor([rows, columns], (0..<(rows * columns)).map(Float.init))
            let t = try a.transposed()
            let expected = (0..<columns).flatMap { j in (0..<rows).map { i in Float(i * columns + j) } }
            assertSameScalars(t.scalars, expected, "[\(rows), \(columns)]")
        }
    }

    func testPermutation() throws {
        let x = try tensor([2, 3, 2], (0..<12).map(Float.init))
        let p = try x.transposed([2, 0, 1])
        XCTAssertEqual(p.shape, [2, 2, 3])
        XCTAssertEqual(p.scalars, [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11])
        assertTensorError("transpose: [0, 0, 1] is not a permutation of the axes of shape [2, 3, 2]") {
            try x.transposed([0, 0, 1])
        }
        assertTensorError("transpose: shape [2, 3, 2] has rank 3; pass a permutation of its axes") {
            try x.transposed()
        }
    }
}
