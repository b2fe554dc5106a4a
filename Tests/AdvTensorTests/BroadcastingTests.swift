import XCTest

@testable import AdvTensor

final class BroadcastingTests: XCTestCase {
    func testBroadcastedTo() throws {
        let row = Tensor([1, 2])
        assertClose(try row.broadcasted(to: [3, 2]), try tensor([3, 2], [1, 2, 1, 2, 1, 2]))
        let column = try tensor([2, 1], [1, 2])
        assertClose(try column.broadcasted(to: [2, 3]), try tensor([2, 3], [1, 1, 1, 2, 2, 2]))
        assertClose(try Tensor(5).broadcasted(to: [2]), Tensor([5, 5]))
        assertTensorError("broadcast: shape [2] does not broadcast to [2, 3]") { try row.broadcasted(to: [2, 3]) }
    }

    func testSummedToShapeUndoesBroadcasting() throws {
        let g = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
        assertClose(try g.summed(toShape: [3]), Tensor([5, 7, 9]))
        assertClose(try g.summed(toShape: [1, 3]), try tensor([1, 3], [5, 7, 9]))
        assertClose(try g.summed(toShape: [2, 1]), try tensor([2, 1], [6, 15]))
        assertClose(try g.summed(toShape: []), Tensor(21))
        assertClose(try g.summed(toShape: [2, 3]), g)
        assertTensorError("sumToShape: shape [2] does not broadcast to [2, 3]") { try g.summed(toShape: [2]) }
    }

    func testSummedToShapeOfRank3() throws {
        let x = try Tensor.range(24).reshaped([2, 3, 4])
        let expected = try x.sum(axis: 0).sum(axis: 1, keepDims: true)
        assertClose(try x.summed(toShape: [3, 1]), expected)
        assertClose(try x.summed(toShape: [1, 1, 4]), try x.sum(axis: 0, keepDims: true).sum(axis: 1, keepDims: true))
    }

    func testCoalescedGeneralBroadcast() throws {
        // [2, 3, 1] + [2, 1, 1]: neither operand is a suffix of the other.
        let a = try Tensor.range(6).reshaped([2, 3, 1])
        let b = try tensor([2, 1, 1], [10, 20])
        assertClose(try a + b, try tensor([2, 3, 1], [10, 11, 12, 23, 24, 25]))
        let (shape, strides) = Broadcast.coalesce([5, 1000, 1], [[1, 0, 0], [1000, 1, 1]])
        XCTAssertEqual(shape, [5, 1000])
        XCTAssertEqual(strides, [[1, 0], [1000, 1]])
        let merged = Broadcast.coalesce([2, 3, 4], [[12, 4, 1], [12, 4, 1]])
        XCTAssertEqual(merged.shape, [24])
    }
}
