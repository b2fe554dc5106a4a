import AdvTensor
import XCTest

/// How two arrays of scalars differ, in the few numbers a person reads in a failed test: how many
/// elements differ, where the first one is, and the largest difference. Never the arrays themselves,
/// which for a layer's output run to hundreds of thousands of numbers.
public struct ScalarDifference: CustomStringConvertible {
    /// The shape the flat indices are read in, for positions like [3, 17].
    public let shape: [Int]
    public let count: Int
    /// Elements outside the tolerance (NaN matches NaN).
    public let differing: Int
    /// The first such element, and the one that differs most: (index, actual, expected).
    public let first: (index: Int, actual: Float, expected: Float)?
    public let largest: (index: Int, actual: Float, expected: Float)?

    /// Compares element by element; `tolerance` is relative above 1 (`|a - e| <= tolerance * max(1, |e|)`).
    public init(_ actual: [Float], _ expected: [Float], shape: [Int]? = nil, tolerance: Float = 0) {
        precondition(actual.count == expected.count, "compare equal counts")
        self.shape = shape ?? [actual.count]
        count = actual.count
        var differing = 0
        var first: (index: Int, actual: Float, expected: Float)?
        var largest: (index: Int, actual: Float, expected: Float)?
        var largestGap: Float = -1
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            if a == e || (a.isNaN && e.isNaN) { continue }
            // A NaN against a number is the largest difference of all.
            let gap = a.isNaN || e.isNaN ? Float.infinity : Swift.abs(a - e)
            if gap <= tolerance * Swift.max(1, Swift.abs(e)) { continue }
            differing += 1
            if first == nil { first = (i, a, e) }
            if gap > largestGap { (largestGap, largest) = (gap, (i, a, e)) }
        }
        (self.differing, self.first, self.largest) = (differing, first, largest)
    }

    public var description: String {
        guard let first, let largest else { return "shape \(shape): the same" }
        func at(_ index: Int) -> String {
            var rest = index
            var position = [Int](repeating: 0, count: shape.count)
            for axis in shape.indices.reversed() where shape[axis] > 0 {
                position[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            return "\(position)"
        }
        return "shape \(shape): \(differing) of \(count) elements differ; first at \(at(first.index)): "
            + "\(first.actual) vs expected \(first.expected); largest difference "
            + "\(Swift.abs(largest.actual - largest.expected)) at \(at(largest.index)): \(largest.actual) vs "
            + "expected \(largest.expected)"
    }
}

/// Asserts that two tensors have one shape and the same scalars bit for bit (NaN matches NaN).
public func assertSameScalars(
    _ actual: Tensor, _ expected: Tensor, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    assertCloseScalars(actual, expected, tolerance: 0, message(), file: file, line: line)
}

/// Asserts that two tensors have one shape and scalars within `tolerance` (relative above 1).
public func assertCloseScalars(
    _ actual: Tensor, _ expected: Tensor, tolerance: Float, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard actual.shape == expected.shape else {
        return XCTFail(
            "shapes differ: \(actual.shape) vs expected \(expected.shape). \(message())", file: file, line: line)
    }
    report(
        ScalarDifference(actual.scalars, expected.scalars, shape: actual.shape, tolerance: tolerance), message(),
        file: file, line: line)
}

/// Asserts that two arrays have one count and the same scalars bit for bit (NaN matches NaN).
public func assertSameScalars(
    _ actual: [Float], _ expected: [Float], _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    assertCloseScalars(actual, expected, tolerance: 0, message(), file: file, line: line)
}

/// Asserts that two arrays have one count and scalars within `tolerance` (relative above 1).
public func assertCloseScalars(
    _ actual: [Float], _ expected: [Float], tolerance: Float, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard actual.count == expected.count else {
        return XCTFail(
            "counts differ: \(actual.count) vs expected \(expected.count). \(message())", file: file, line: line)
    }
    report(ScalarDifference(actual, expected, tolerance: tolerance), message(), file: file, line: line)
}

private func report(_ difference: ScalarDifference, _ message: String, file: StaticString, line: UInt) {
    guard difference.differing > 0 else { return }
    XCTFail("\(difference)\(message.isEmpty ? "" : ". \(message)")", file: file, line: line)
}
