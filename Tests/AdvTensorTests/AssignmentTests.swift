import XCTest

@testable import AdvTensor

/// `Tensor.assign`, the language's `t[...] = v`, on cases small enough to check by hand.
final class AssignmentTests: XCTestCase {
    private func single(_ i: Int) -> Tensor.AxisSelection { .init(positions: [i], isSingleIndex: true) }
    private func some(_ positions: [Int]) -> Tensor.AxisSelection { .init(positions: positions, isSingleIndex: false) }

    func testOneEntry() throws {
        var t = Tensor.zeros([2, 3])
        try t.assign(Tensor(7), at: [single(1), single(2)])
        XCTAssertEqual(t.scalars, [0, 0, 0, 0, 0, 7])
    }

    func testRowTakesAVectorAndAColumnAScalar() throws {
        var t = Tensor.zeros([2, 3])
        // t[1] = [1, 2, 3]: the single index drops axis 0, so the part is [3].
        try t.assign(Tensor(unchecked: [3], scalars: [1, 2, 3]), at: [single(1)])
        XCTAssertEqual(t.scalars, [0, 0, 0, 1, 2, 3])
        // t[:, 0] = 9: the part [2] takes the scalar broadcast.
        try t.assign(Tensor(9), at: [some([0, 1]), single(0)])
        XCTAssertEqual(t.scalars, [9, 0, 0, 9, 2, 3])
    }

    func testSteppedSliceAndBroadcastRow() throws {
        var t = Tensor.zeros([3, 2])
        // t[0:3:2] = [5, 6]: rows 0 and 2 take the row.
        try t.assign(Tensor(unchecked: [2], scalars: [5, 6]), at: [some([0, 2])])
        XCTAssertEqual(t.scalars, [5, 6, 0, 0, 5, 6])
    }

    func testReversedPositionsWriteInTheirOrder() throws {
        var t = Tensor.zeros([3])
        // t[::-1] = [1, 2, 3]
        try t.assign(Tensor(unchecked: [3], scalars: [1, 2, 3]), at: [some([2, 1, 0])])
        XCTAssertEqual(t.scalars, [3, 2, 1])
    }

    func testCopiesDoNotChange() throws {
        var t = Tensor.zeros([2])
        let copy = t
        try t.assign(Tensor(1), at: [single(0)])
        XCTAssertEqual(t.scalars, [1, 0])
        XCTAssertEqual(copy.scalars, [0, 0])
    }

    func testErrorsLeaveTheTensorAsItWas() throws {
        var t = Tensor.zeros([2, 3])
        assertTensorError("assign: a value of shape [2] does not fit the part of shape [3] chosen from [2, 3]") {
            try t.assign(Tensor(unchecked: [2], scalars: [1, 2]), at: [single(0)])
        }
        assertTensorError("assign: position 3 is out of range for axis 1 of shape [2, 3]") {
            try t.assign(Tensor(1), at: [single(0), single(3)])
        }
        assertTensorError("assign: 3 indices for a tensor of shape [2, 3]") {
            try t.assign(Tensor(1), at: [single(0), single(0), single(0)])
        }
        XCTAssertEqual(t.scalars, [0, 0, 0, 0, 0, 0])
    }

    func testEmptyPartWritesNothing() throws {
        var t = Tensor.ones([2])
        try t.assign(Tensor(5), at: [some([])])
        XCTAssertEqual(t.scalars, [1, 1])
    }
}
