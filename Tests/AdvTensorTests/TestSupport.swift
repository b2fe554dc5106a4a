import XCTest

@testable import AdvTensor

/// A tensor from a literal shape and scalars, failing the test (not trapping) on a mismatch.
func tensor(_ shape: [Int], _ scalars: [Float]) throws -> Tensor {
    try Tensor(shape: shape, scalars: scalars)
}

/// Asserts equal shapes and scalars within `accuracy` (NaN matches NaN).
func assertClose(
    _ actual: Tensor, _ expected: Tensor, accuracy: Float = 1e-5,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.shape, expected.shape, "shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    for (i, (x, y)) in zip(actual.scalars, expected.scalars).enumerated() {
        if x.isNaN && y.isNaN { continue }
        if x == y { continue }
        let tolerance = accuracy * max(1, Swift.abs(y))
        XCTAssertLessThanOrEqual(Swift.abs(x - y), tolerance, "scalar \(i): \(x) vs \(y)", file: file, line: line)
    }
}

/// Asserts that `body` throws a TensorError whose description is exactly `message`.
func assertTensorError<T>(
    _ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual((error as? TensorError)?.description, message, file: file, line: line)
    }
}
