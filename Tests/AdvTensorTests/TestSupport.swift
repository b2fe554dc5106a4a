import AdvTestSupport
import XCTest

@testable import AdvTensor

/// A tensor from a literal shape and scalars, failing the test (not trapping) on a mismatch.
func tensor(_ shape: [Int], _ scalars: [Float]) throws -> Tensor {
    try Tensor(shape: shape, scalars: scalars)
}

/// Asserts equal shapes and scalars within `accuracy` (relative above 1; NaN matches NaN).
func assertClose(
    _ actual: Tensor, _ expected: Tensor, accuracy: Float = 1e-5,
    file: StaticString = #filePath, line: UInt = #line
) {
    assertCloseScalars(actual, expected, tolerance: accuracy, file: file, line: line)
}

/// Asserts that `body` throws a TensorError whose description is exactly `message`.
func assertTensorError<T>(
    _ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual((error as? TensorError)?.description, message, file: file, line: line)
    }
}
