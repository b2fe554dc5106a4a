import AdvTestSupport
import XCTest

@testable import AdvTensor

/// The in-place neural ops against the allocating ones and hand-computed values.
final class InPlaceTests: XCTestCase {
    private func random(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) throws -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        return try tensor(shape, (0..<count).map { _ in low + (high - low) * generator.nextUnitFloat() })
    }

    func testLinearWithActivationsMatchesTheAllocatingOps() throws {
        let (x, w, b) = (try random([3, 4], seed: 1), try random([4, 5], seed: 2), try random([5], seed: 3))
        let reference = try Tensor.linear(x, w, b)
        var y = Tensor.zeros([0])
        try Tensor.linear(x, w, b, activation: .identity, into: &y)
        assertClose(y, reference)
        try Tensor.linear(x, w, b, activation: .sigmoid, into: &y)
        assertClose(y, reference.sigmoid())
        try Tensor.linear(x, w, b, activation: .relu, into: &y)
        assertClose(y, reference.relu())
    }

    func testMaxoutFusesTheBiasAndMatchesTheAllocatingOps() throws {
        let (x, w, b) = (try random([3, 4], seed: 4), try random([4, 6], seed: 5), try random([6], seed: 6))
        let (value, argmax) = try Tensor.maxout(try Tensor.linear(x, w, b), pieces: 3)
        var (z, actual, actualArgmax) = (Tensor.zeros([0]), Tensor.zeros([0]), [Int32]())
        try Tensor.maxout(x, w, b, pieces: 3, scratch: &z, into: &actual, argmax: &actualArgmax)
        assertClose(actual, value)
        XCTAssertEqual(actualArgmax, argmax)
        let dy = try random([3, 2], seed: 7)
        var dz = Tensor.zeros([0])
        try Tensor.maxoutGradient(dy, argmax: actualArgmax, pieces: 3, into: &dz)
        assertClose(dz, try Tensor.maxoutGradient(dy, argmax: argmax, pieces: 3))
    }

    func testParameterGradientsAccumulateWhenAsked() throws {
        let (x, dy) = (try random([3, 4], seed: 8), try random([3, 2], seed: 9))
        var (dw, db, scratch) = (Tensor.zeros([0]), Tensor.zeros([0]), [Double]())
        try Tensor.linearParameterGradients(x, dy, accumulate: false, weights: &dw, bias: &db, scratch: &scratch)
        assertClose(dw, try Tensor.linearWeightGradient(x, dy))
        assertClose(db, try Tensor.linearBiasGradient(dy))
        try Tensor.linearParameterGradients(x, dy, accumulate: true, weights: &dw, bias: &db, scratch: &scratch)
        assertClose(dw, try Tensor.linearWeightGradient(x, dy) * 2)
        assertClose(db, try Tensor.linearBiasGradient(dy) * 2)
        var dx = Tensor.zeros([0])
        let w = try random([4, 2], seed: 10)
        try Tensor.linearInputGradient(dy, w, into: &dx)
        assertClose(dx, try Tensor.linearInputGradient(dy, w))
    }

    func testDropoutMaskDrawsWhatTheAllocatingMaskDraws() throws {
        var a = SeededGenerator(seed: 3)
        var b = SeededGenerator(seed: 3)
        let expected = try Tensor.dropoutMask([4, 5], keepProbability: 0.5, using: &a) * 0.8
        var mask = Tensor.zeros([0])
        try Tensor.dropoutMask([4, 5], keepProbability: 0.5, factor: 0.8, using: &b, into: &mask)
        assertClose(mask, expected)
        var y = Tensor.zeros([0])
        let x = try random([4, 5], seed: 2)
        try Tensor.dropout(x, mask: mask, into: &y)
        assertClose(y, try x * mask)
        Tensor.scaled(x, by: 0.5, into: &y)
        assertClose(y, x * 0.5)
    }

    /// The mask keeps entry i exactly when the generator's i-th unit float is below keep, for keep
    /// values whose 2^24 multiple is and is not an integer (the branch-free integer comparison).
    func testDropoutMaskKeepsWhereTheUnitFloatIsBelowKeep() throws {
        for keep: Float in [0.5, 0.8, 0.1, 1, 1.0 / 3, 0.999_999_9] {
            var drawn = SeededGenerator(seed: 11)
            var reference = SeededGenerator(seed: 11)
            var mask = Tensor.zeros([0])
            try Tensor.dropoutMask([3, 1000], keepProbability: keep, factor: 2, using: &drawn, into: &mask)
            let expected = (0..<3000).map { _ in reference.nextUnitFloat() < keep ? (1 / keep) * 2 : 0 }
            assertSameScalars(mask.scalars, expected, "keep \(keep)")
            XCTAssertEqual(drawn.next(), reference.next(), "keep \(keep): the generators part ways")
        }
    }
}
