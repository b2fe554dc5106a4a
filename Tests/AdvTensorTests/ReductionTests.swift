import XCTest

@testable import AdvTensor

final class ReductionTests: XCTestCase {
    let m = Tensor(unchecked: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    func testSumOverAxes() throws {
        assertClose(try m.sum(), Tensor(21))
        assertClose(try m.sum(axis: 0), try tensor([3], [5, 7, 9]))
        assertClose(try m.sum(axis: 1), try tensor([2], [9, 12]))
        assertClose(try m.sum(axis: -1, keepDims: true), try tensor([2, 1], [9, 12]))
        assertClose(try m.sum(keepDims: true), try tensor([1, 1], [21]))
    }

    func testMeanMaxMin() throws {
        assertClose(try m.mean(axis: 0), try tensor([3], [2.5, 3.5, 4.5]))
        assertClose(try m.mean(), Tensor(3.5))
        assertClose(try m.max(axis: 1), try tensor([2], [5, 6]))
        assertClose(try m.min(axis: 0, keepDims: true), try tensor([1, 3], [1, 2, 3]))
        assertClose(try m.max(), Tensor(6))
        assertClose(try m.min(), Tensor(1))
    }

    func testMaxPropagatesNaN() throws {
        let x = try tensor([3], [1, .nan, 3])
        XCTAssertTrue(try x.max().scalar?.isNaN ?? false)
        XCTAssertEqual(try x.argmax(axis: 0).scalar, 1)
    }

    func testArgmax() throws {
        assertClose(try m.argmax(axis: 1), try tensor([2], [1, 2]))
        assertClose(try m.argmax(axis: 0), try tensor([3], [1, 0, 1]))
        XCTAssertEqual(try m.argmaxRows(), [1, 2])
        let ties = try tensor([1, 3], [2, 2, 1])
        XCTAssertEqual(try ties.argmaxRows(), [0])
    }

    func testScalar() throws {
        XCTAssertEqual(Tensor(4).scalar, 4)
        XCTAssertEqual(try tensor([1, 1], [7]).scalar, 7)
        XCTAssertNil(m.scalar)
    }

    func testLogSumExpIsStable() throws {
        let x = try tensor([2, 2], [1000, 1000, -1000, -1000])
        assertClose(try x.logSumExp(axis: 1), try tensor([2], [1000 + 0.6931472, -1000 + 0.6931472]))
        let negInf = try tensor([2], [-.infinity, -.infinity])
        XCTAssertEqual(try negInf.logSumExp().scalar, -.infinity)
    }

    func testSoftmax() throws {
        let x = try tensor([2, 3], [1, 2, 3, 1000, 1000, 1000])
        let expected = try tensor([2, 3], [0.09003057, 0.24472847, 0.66524096, 1.0 / 3, 1.0 / 3, 1.0 / 3])
        assertClose(try x.softmax(), expected)
        assertClose(try x.logSoftmax(), expected.log(), accuracy: 1e-4)
        assertClose(try x.softmax(axis: 0).sum(axis: 0), try tensor([3], [1, 1, 1]))
    }

    func testSumAccumulatesInDouble() throws {
        // A Float32 running sum of ones stalls at 2^24 = 16_777_216.
        let big = Tensor(shape: [1 << 25], repeating: 1)
        XCTAssertEqual(try big.sum().scalar, Float(1 << 25))
    }

    func testErrors() throws {
        assertTensorError("sum: axis 2 is out of range for shape [2, 3]") { try m.sum(axis: 2) }
        assertTensorError("softmax: axis -3 is out of range for shape [2, 3]") { try m.softmax(axis: -3) }
        assertTensorError("max: cannot reduce an empty axis of shape [0, 3]") { try Tensor.zeros([0, 3]).max(axis: 0) }
        assertTensorError("argmaxRows: needs a rank-2 tensor, got shape [3]") { try Tensor.zeros([3]).argmaxRows() }
    }

    func testEmptyReductions() throws {
        let empty = Tensor.zeros([0, 3])
        assertClose(try empty.sum(axis: 0), try tensor([3], [0, 0, 0]))
        XCTAssertEqual(try empty.max(axis: 1).shape, [0])
        XCTAssertEqual(try empty.argmaxRows(), [])
        XCTAssertTrue(try empty.mean().scalar?.isNaN ?? false)
    }
}
