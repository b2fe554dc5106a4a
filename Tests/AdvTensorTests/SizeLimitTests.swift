import XCTest

@testable import AdvTensor

/// Ops whose result can outgrow their inputs refuse results above `Tensor.maximumCount` with an
/// error naming the op and the shapes, instead of failing to allocate.
final class SizeLimitTests: XCTestCase {
    private let column = Tensor.zeros([1_000_000, 1])
    private let row = Tensor.zeros([1, 1_000_000])

    private func assertTooLarge(
        _ op: String, _ body: () throws -> Tensor, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let e = error as? TensorError
            XCTAssertEqual(e?.op, op, file: file, line: line)
            XCTAssertTrue(
                e?.message.contains("more than the 268435456 scalars a tensor may hold") ?? false, "\(error)",
                file: file, line: line)
        }
    }

    func testBroadcastingResultsAreLimited() {
        assertTooLarge("add (+)") { try self.column + self.row }
        assertTooLarge("multiply (*)") { try self.column * self.row }
        assertTooLarge("max") { try Tensor.maximum(self.column, self.row) }
        assertTooLarge("compare (<)") { try self.column.lessThan(self.row) }
        assertTooLarge("select") { try Tensor.select(self.column, self.row, Tensor(0)) }
        assertTooLarge("broadcast") { try self.column.broadcasted(to: [1_000_000, 1_000_000]) }
    }

    func testMatrixProductsAreLimited() {
        let a = Tensor.zeros([100_000, 1])
        let b = Tensor.zeros([1, 100_000])
        assertTooLarge("matmul") { try Tensor.matmul(a, b) }
        assertTooLarge("matmul") { try Tensor.matmul(b, transposeA: true, a, transposeB: true) }
        assertTooLarge("linear") { try Tensor.linear(a, b, Tensor.zeros([100_000])) }
    }

    func testJoiningAndGatheringAreLimited() {
        // 300 views of one 4 MB tensor: the inputs are small, their join is not.
        let many = [Tensor](repeating: Tensor.zeros([1 << 20]), count: 300)
        assertTooLarge("concat") { try Tensor.concatenate(many) }
        assertTooLarge("stack") { try Tensor.stack(many) }
        assertTooLarge("gather") { try Tensor.zeros([2, 1 << 20]).gather([Int](repeating: 0, count: 300)) }
    }

    func testResultsAtTheLimitAreFine() throws {
        XCTAssertEqual(try (Tensor.zeros([1024, 1]) + Tensor.zeros([1, 1024])).shape, [1024, 1024])
        XCTAssertEqual(Tensor.count(of: [0, Int.max]), 0)
        XCTAssertNil(Tensor.count(of: [Int.max, 2]))
    }
}
