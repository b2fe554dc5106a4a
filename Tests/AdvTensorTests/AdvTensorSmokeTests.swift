import XCTest

@testable import AdvTensor

final class TensorCoreTests: XCTestCase {
    func testShapeMustMatchScalarCount() throws {
        XCTAssertThrowsError(try Tensor(shape: [2, 3], scalars: [1, 2, 3]))
        let t = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(t.count, 4)
        XCTAssertEqual(t.rank, 2)
    }
}
