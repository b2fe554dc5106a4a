import XCTest

@testable import AdvTensor

final class ArithmeticTests: XCTestCase {
    func testSameShape() throws {
        let a = try tensor([2, 2], [1, 2, 3, 4])
        let b = try tensor([2, 2], [10, 20, 30, 40])
        assertClose(try a + b, try tensor([2, 2], [11, 22, 33, 44]))
        assertClose(try b - a, try tensor([2, 2], [9, 18, 27, 36]))
        assertClose(try a * b, try tensor([2, 2], [10, 40, 90, 160]))
        assertClose(try b / a, try tensor([2, 2], [10, 10, 10, 10]))
    }

    func testScalarOperands() throws {
        let a = try tensor([3], [1, 2, 4])
        assertClose(a + 1, try tensor([3], [2, 3, 5]))
        assertClose(1 - a, try tensor([3], [0, -1, -3]))
        assertClose(a * 2, try tensor([3], [2, 4, 8]))
        assertClose(4 / a, try tensor([3], [4, 2, 1]))
        assertClose(a / 2, try tensor([3], [0.5, 1, 2]))
        assertClose(-a, try tensor([3], [-1, -2, -4]))
        assertClose(try a * Tensor(3), try tensor([3], [3, 6, 12]))
        assertClose(try Tensor(3) - a, try tensor([3], [2, 1, -1]))
    }

    func testRowBroadcast() throws {
        let m = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
        let row = try tensor([3], [10, 20, 30])
        assertClose(try m + row, try tensor([2, 3], [11, 22, 33, 14, 25, 36]))
        assertClose(try row - m, try tensor([2, 3], [9, 18, 27, 6, 15, 24]))
    }

    func testGeneralBroadcast() throws {
        let column = try tensor([2, 1], [1, 2])
        let row = try tensor([1, 3], [10, 20, 30])
        assertClose(try column * row, try tensor([2, 3], [10, 20, 30, 20, 40, 60]))
        let cube = try tensor([2, 1, 2], [1, 2, 3, 4])
        let plane = try tensor([3, 1], [0, 10, 20])
        assertClose(
            try cube + plane,
            try tensor([2, 3, 2], [1, 2, 11, 12, 21, 22, 3, 4, 13, 14, 23, 24]))
    }

    func testBroadcastErrors() throws {
        let a = try tensor([2, 3], [1, 2, 3, 4, 5, 6])
        let b = try tensor([4], [1, 2, 3, 4])
        assertTensorError("add (+): shapes [2, 3] and [4] do not broadcast") { try a + b }
        assertTensorError("multiply (*): shapes [2, 3] and [4] do not broadcast") { try a * b }
        assertTensorError("select: shapes [2, 3], [4] and [2, 3] do not broadcast") { try Tensor.select(a, b, a) }
    }

    func testEmptyTensorsDoNotTrap() throws {
        let empty = Tensor.zeros([0, 3])
        let row = try tensor([3], [1, 2, 3])
        XCTAssertEqual(try (empty + row).shape, [0, 3])
        XCTAssertEqual(try (empty * Tensor.zeros([1, 3])).shape, [0, 3])
        XCTAssertEqual((empty.exp()).shape, [0, 3])
        XCTAssertEqual(try Tensor.select(empty, empty, row).shape, [0, 3])
    }

    func testPowMinimumMaximum() throws {
        let a = try tensor([3], [1, 2, 3])
        assertClose(try a.pow(try tensor([1], [2])), try tensor([3], [1, 4, 9]))
        assertClose(a.pow(0.5), try tensor([3], [1, 1.4142135, 1.7320508]))
        let b = try tensor([3], [2, .nan, 1])
        assertClose(try Tensor.minimum(a, b), try tensor([3], [1, .nan, 1]))
        assertClose(try Tensor.maximum(a, b), try tensor([3], [2, .nan, 3]))
    }

    func testUnaryFunctions() throws {
        let x = try tensor([4], [-2, 0, 0.5, 4])
        assertClose(x.abs(), try tensor([4], [2, 0, 0.5, 4]))
        assertClose(x.sign(), try tensor([4], [-1, 0, 1, 1]))
        assertClose(x.squared(), try tensor([4], [4, 0, 0.25, 16]))
        assertClose(x.relu(), try tensor([4], [0, 0, 0.5, 4]))
        assertClose(x.exp(), try tensor([4], [0.13533528, 1, 1.6487213, 54.59815]))
        assertClose(x.tanh(), try tensor([4], [-0.9640276, 0, 0.46211716, 0.9993293]))
        assertClose(x.sigmoid(), try tensor([4], [0.11920292, 0.5, 0.62245935, 0.98201376]))
        assertClose(x.reciprocal(), try tensor([4], [-0.5, .infinity, 2, 0.25]))
        assertClose(x.clipped(min: -1, max: 1), try tensor([4], [-1, 0, 0.5, 1]))
        let positive = try tensor([3], [1, 4, 0])
        assertClose(positive.sqrt(), try tensor([3], [1, 2, 0]))
        assertClose(positive.log(), try tensor([3], [0, 1.3862944, -.infinity]))
    }

    func testSigmoidDoesNotOverflow() throws {
        let x = try tensor([2], [-1000, 1000])
        assertClose(x.sigmoid(), try tensor([2], [0, 1]))
    }

    func testComparisonsAndSelect() throws {
        let a = try tensor([2, 2], [1, 2, 3, 4])
        let t = try tensor([1], [2])
        assertClose(try a.lessThan(t), try tensor([2, 2], [1, 0, 0, 0]))
        assertClose(try a.greaterThan(t), try tensor([2, 2], [0, 0, 1, 1]))
        assertClose(try a.lessEqual(t), try tensor([2, 2], [1, 1, 0, 0]))
        assertClose(try a.greaterEqual(t), try tensor([2, 2], [0, 1, 1, 1]))
        assertClose(try a.equal(t), try tensor([2, 2], [0, 1, 0, 0]))
        assertClose(try a.notEqual(t), try tensor([2, 2], [1, 0, 1, 1]))
        let condition = try tensor([2, 1], [1, 0])
        assertClose(try Tensor.select(condition, a, Tensor(-1)), try tensor([2, 2], [1, 2, -1, -1]))
    }
}
