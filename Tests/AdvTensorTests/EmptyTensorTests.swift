import XCTest

@testable import AdvTensor

/// Every op on a `[0, 3]` tensor returns the right (empty) shape instead of trapping.
final class EmptyTensorTests: XCTestCase {
    let empty = Tensor.zeros([0, 3])

    func testShapesOfEmptyResults() throws {
        XCTAssertEqual(try empty.transposed().shape, [3, 0])
        XCTAssertEqual(try empty.transposed([1, 0]).shape, [3, 0])
        XCTAssertEqual(try Tensor.zeros([0, 2, 3]).transposed([2, 0, 1]).shape, [3, 0, 2])
        XCTAssertEqual(try empty.slice(axis: 1, start: 1).shape, [0, 2])
        XCTAssertEqual(try empty.gather([2, 0], axis: 1).shape, [0, 2])
        XCTAssertEqual(try Tensor.concatenate([empty, Tensor.ones([2, 3])]).shape, [2, 3])
        XCTAssertEqual(try Tensor.stack([empty, empty], axis: 1).shape, [0, 2, 3])
        XCTAssertEqual(try empty.softmax().shape, [0, 3])
        XCTAssertEqual(try empty.logSumExp(axis: 1).shape, [0])
        XCTAssertEqual(try empty.argmax(axis: 1).shape, [0])
        XCTAssertEqual(try empty.summed(toShape: [3]).scalars, [0, 0, 0])
        XCTAssertEqual(try Tensor([]).broadcasted(to: [2, 0]).shape, [2, 0])
        XCTAssertEqual(try Tensor.matmul(empty, Tensor.ones([3, 4])).shape, [0, 4])
        XCTAssertEqual(empty.clipped(min: 0, max: 1).shape, [0, 3])
        XCTAssertEqual(try empty.reshaped([3, 0]).shape, [3, 0])
        XCTAssertEqual(try Tensor.zeros([3, 0]).sum(axis: 1).scalars, [0, 0, 0])
        XCTAssertEqual(try Tensor.zeros([3, 0]).logSumExp(axis: 1).scalars, [-.infinity, -.infinity, -.infinity])
    }

    func testEmptyAxisWithoutIdentityThrows() throws {
        assertTensorError("argmax: cannot reduce an empty axis of shape [3, 0]") {
            try Tensor.zeros([3, 0]).argmax(axis: 1)
        }
        assertTensorError("min: cannot reduce an empty axis of shape [0, 3]") { try empty.min() }
    }
}
