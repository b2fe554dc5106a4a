import XCTest

@testable import AdvTensor

final class ShapeTests: XCTestCase {
    let m = Tensor(unchecked: [3, 2], scalars: [1, 2, 3, 4, 5, 6])

    func testConstructors() throws {
        XCTAssertEqual(Tensor([1, 2, 3]).shape, [3])
        XCTAssertEqual(Tensor.ones([2, 2]).scalars, [1, 1, 1, 1])
        XCTAssertEqual(try Tensor.range(5).scalars, [0, 1, 2, 3, 4])
        XCTAssertEqual(try Tensor.range(1, 2, step: 0.25).scalars, [1, 1.25, 1.5, 1.75])
        XCTAssertEqual(try Tensor.range(3, 0, step: -1).scalars, [3, 2, 1])
        assertTensorError("range: needs finite bounds and a nonzero step, got 0.0, 1.0, 0.0") {
            try Tensor.range(0, 1, step: 0)
        }
        assertTensorError("range: 0.0 to 1e+30 by 1.0 has too many scalars") { try Tensor.range(1e30) }
    }

    func testReshape() throws {
        XCTAssertEqual(try m.reshaped([2, 3]).shape, [2, 3])
        XCTAssertEqual(try m.reshaped([-1]).shape, [6])
        XCTAssertEqual(try m.reshaped([2, -1, 1]).shape, [2, 3, 1])
        XCTAssertEqual(try Tensor.zeros([0, 3]).reshaped([3, 0]).shape, [3, 0])
        XCTAssertEqual(try m.reshaped([6]).scalars, m.scalars)
    }

    func testReshapeErrors() throws {
        assertTensorError("reshape: cannot reshape [3, 2] (6 scalars) into [4, 2]: it holds 8 scalars") {
            try m.reshaped([4, 2])
        }
        assertTensorError("reshape: cannot reshape [3, 2] (6 scalars) into [-1, -1]: only one extent may be -1") {
            try m.reshaped([-1, -1])
        }
        assertTensorError("reshape: cannot reshape [3, 2] (6 scalars) into [4, -1]: the -1 extent cannot be inferred") {
            try m.reshaped([4, -1])
        }
        assertTensorError(
            "reshape: cannot reshape [3, 2] (6 scalars) into [-2, -3]: extents must be nonnegative or one -1"
        ) { try m.reshaped([-2, -3]) }
    }

    func testIndex() throws {
        assertClose(try m.index(1), try tensor([2], [3, 4]))
        assertClose(try m.index(-1), try tensor([2], [5, 6]))
        assertClose(try Tensor([7, 8]).index(1), Tensor(8))
        assertTensorError("index: index 3 is out of range for axis 0 of shape [3, 2]") { try m.index(3) }
        assertTensorError("index: cannot index a rank-0 tensor") { try Tensor(1).index(0) }
    }

    func testSliceFollowsNumpy() throws {
        let v = Tensor([0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try v.slice(axis: 0, start: 1, end: 4).scalars, [1, 2, 3])
        XCTAssertEqual(try v.slice(axis: 0, start: -2).scalars, [4, 5])
        XCTAssertEqual(try v.slice(axis: 0, end: 100).scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try v.slice(axis: 0, step: 2).scalars, [0, 2, 4])
        XCTAssertEqual(try v.slice(axis: 0, step: -1).scalars, [5, 4, 3, 2, 1, 0])
        XCTAssertEqual(try v.slice(axis: 0, start: 4, end: 1, step: -2).scalars, [4, 2])
        XCTAssertEqual(try v.slice(axis: 0, start: -100, end: -7, step: -1).scalars, [])
        XCTAssertEqual(try v.slice(axis: 0, start: 4, end: 2).scalars, [])
        assertClose(try m.slice(axis: 1, start: 1), try tensor([3, 1], [2, 4, 6]))
        assertClose(try m.slice(axis: 0, start: 1, end: 2), try tensor([1, 2], [3, 4]))
        assertTensorError("slice: step must not be zero (axis 0 of shape [3, 2])") { try m.slice(axis: 0, step: 0) }
    }

    func testGather() throws {
        assertClose(try m.gather([2, 0, 2]), try tensor([3, 2], [5, 6, 1, 2, 5, 6]))
        assertClose(try m.gather([1, -2], axis: 1), try tensor([3, 2], [2, 1, 4, 3, 6, 5]))
        XCTAssertEqual(try m.gather([]).shape, [0, 2])
        assertTensorError("gather: index 3 is out of range for axis 0 of shape [3, 2]") { try m.gather([0, 3]) }
        assertTensorError("gather: axis 2 is out of range for shape [3, 2]") { try m.gather([0], axis: 2) }
    }

    func testConcatenate() throws {
        let a = try tensor([1, 2], [7, 8])
        assertClose(try Tensor.concatenate([m, a]), try tensor([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]))
        let column = try tensor([3, 1], [0, 0, 0])
        assertClose(try Tensor.concatenate([m, column], axis: -1), try tensor([3, 3], [1, 2, 0, 3, 4, 0, 5, 6, 0]))
        assertTensorError("concat: shapes [3, 2] and [1, 3] differ off axis 0") {
            try Tensor.concatenate([m, Tensor.zeros([1, 3])])
        }
        assertTensorError("concat: needs at least one tensor") { try Tensor.concatenate([]) }
    }

    func testStack() throws {
        let a = Tensor([1, 2])
        let b = Tensor([3, 4])
        assertClose(try Tensor.stack([a, b]), try tensor([2, 2], [1, 2, 3, 4]))
        assertClose(try Tensor.stack([a, b], axis: 1), try tensor([2, 2], [1, 3, 2, 4]))
        assertClose(try Tensor.stack([a, b], axis: -1), try tensor([2, 2], [1, 3, 2, 4]))
        assertTensorError("stack: shapes [2] and [3] differ") { try Tensor.stack([a, Tensor([1, 2, 3])]) }
        assertTensorError("stack: axis 3 is out of range for shape [2]") { try Tensor.stack([a, b], axis: 3) }
    }
}
