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

    func testMomentumUpdateWithDecayAndMaxNormByHand() throws {
        // w [2, 2]; column 0 ends at (3, 4) (norm 5, clipped to 1), column 1 stays short.
        var w = try tensor([2, 2], [3, 0.5, 4, 0])
        var v = try tensor([2, 2], [0, 0, 0, 0])
        let g = try tensor([2, 2], [0, 1, 0, -1])
        var squares: [Double] = []
        try Tensor.momentumUpdate(
            &w, gradient: g, velocity: &v, learningRate: 0.1, momentum: 0.5, l1: 0, l2: 0, maxNorm: 1,
            squares: &squares)
        assertClose(v, try tensor([2, 2], [0, -0.1, 0, 0.1]))
        assertClose(w, try tensor([2, 2], [0.6, 0.4, 0.8, 0.1]))
        // l2: g' = g + 2 l2 w; l1: + l1 sign(w); momentum carries v.
        var u = try tensor([1, 2], [1, -1])
        var velocity = try tensor([1, 2], [1, 1])
        try Tensor.momentumUpdate(
            &u, gradient: try tensor([1, 2], [0, 0]), velocity: &velocity, learningRate: 1, momentum: 0.5, l1: 0.25,
            l2: 0.5, maxNorm: nil, squares: &squares)
        assertClose(velocity, try tensor([1, 2], [0.5 - 1.25, 0.5 + 1.25]))
        assertClose(u, try tensor([1, 2], [1 - 0.75, -1 + 1.75]))
    }

    func testMomentumUpdateRejectsMismatchedShapes() throws {
        var w = Tensor.zeros([2, 2])
        var v = Tensor.zeros([2, 2])
        var squares: [Double] = []
        XCTAssertThrowsError(
            try Tensor.momentumUpdate(
                &w, gradient: Tensor.zeros([4]), velocity: &v, learningRate: 1, momentum: 0, l1: 0, l2: 0,
                maxNorm: 1, squares: &squares))
    }

    func testGradientSignStepClipsAndKeepsZeroGradients() throws {
        let x = try tensor([1, 4], [0.1, 0.5, 0.95, 0.5])
        let g = try tensor([1, 4], [-3, 2, 1, 0])
        var y = Tensor.zeros([0])
        try Tensor.gradientSignStep(x, gradient: g, step: 0.25, clip: true, into: &y)
        assertClose(y, try tensor([1, 4], [0, 0.75, 1, 0.5]))
        try Tensor.gradientSignStep(x, gradient: g, step: 0.25, clip: false, into: &y)
        assertClose(y, try tensor([1, 4], [-0.15, 0.75, 1.2, 0.5]))
        XCTAssertThrowsError(try Tensor.gradientSignStep(x, gradient: Tensor.zeros([4]), step: 1, clip: true, into: &y))
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

/// The row-block (two-core) momentum update against the one-block one.
final class ParallelUpdateTests: XCTestCase {
    func testTwoBlocksGiveTheOneBlockResult() throws {
        var generator = SeededGenerator(seed: 4)
        let count = 300 * 300
        let w0 = try tensor([300, 300], (0..<count).map { _ in generator.nextUnitFloat() * 0.2 - 0.1 })
        let g = try tensor([300, 300], (0..<count).map { _ in generator.nextUnitFloat() - 0.5 })
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        var results: [Tensor] = []
        for threads in [1, 2] {
            BLAS.threads = threads
            var (w, v, squares) = (w0, Tensor.zeros([300, 300]), [Double]())
            // Norms start near 1 and the step pushes some columns past 1, so the clip runs.
            try Tensor.momentumUpdate(
                &w, gradient: g, velocity: &v, learningRate: 0.5, momentum: 0.5, l1: 0, l2: 1e-3, maxNorm: 1,
                squares: &squares)
            XCTAssertGreaterThanOrEqual(squares.count, threads * 300)
            results.append(w)
        }
        assertClose(results[1], results[0], accuracy: 1e-6)
        XCTAssertNotEqual(results[0], w0)
    }
}

/// The vectorised update against the definition written out per scalar, bit for bit, on a width
/// that is not a multiple of the vector lanes, with and without weight decay.
final class MomentumUpdateTests: XCTestCase {
    func testUpdateIsTheScalarDefinition() throws {
        var generator = SeededGenerator(seed: 9)
        let (r, c) = (7, 21)
        let w0 = (0..<(r * c)).map { _ in generator.nextUnitFloat() - 0.5 }
        let g = (0..<(r * c)).map { _ in generator.nextUnitFloat() - 0.5 }
        let v0 = (0..<(r * c)).map { _ in generator.nextUnitFloat() * 0.1 }
        for (l1, l2): (Float, Float) in [(0, 0), (1e-3, 1e-2)] {
            var w = try tensor([r, c], w0)
            var v = try tensor([r, c], v0)
            var squares: [Double] = []
            try Tensor.momentumUpdate(
                &w, gradient: try tensor([r, c], g), velocity: &v, learningRate: 0.1, momentum: 0.7, l1: l1, l2: l2,
                maxNorm: nil, squares: &squares)
            var (expectedW, expectedV) = (w0, v0)
            for i in 0..<(r * c) {
                let sign: Float = w0[i] > 0 ? 1 : (w0[i] < 0 ? -1 : 0)
                let step = l1 == 0 && l2 == 0 ? g[i] : g[i] + 2 * l2 * w0[i] + l1 * sign
                expectedV[i] = 0.7 * v0[i] - 0.1 * step
                expectedW[i] = w0[i] + expectedV[i]
            }
            assertSameScalars(w.scalars, expectedW, "l1 \(l1) l2 \(l2)")
            assertSameScalars(v.scalars, expectedV, "l1 \(l1) l2 \(l2)")
            for j in 0..<c {
                let norm = (0..<r).reduce(0.0) { $0 + Double(expectedW[$1 * c + j]) * Double(expectedW[$1 * c + j]) }
                XCTAssertEqual(squares[j], norm, accuracy: 1e-12)
            }
        }
    }
}
