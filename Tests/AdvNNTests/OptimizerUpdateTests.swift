import AdvTensor
import AdvTestSupport
import XCTest

@testable import AdvNN

/// The optimizer's fused update (`Optimizer.momentumUpdate`) by hand, against its scalar
/// definition, and over row blocks and thread counts.
final class OptimizerUpdateTests: XCTestCase {
    func testMomentumUpdateWithDecayAndMaxNormByHand() throws {
        // w [2, 2]; column 0 ends at (3, 4) (norm 5, clipped to 1), column 1 stays short.
        var w = tensor([2, 2], [3, 0.5, 4, 0])
        var v = tensor([2, 2], [0, 0, 0, 0])
        let g = tensor([2, 2], [0, 1, 0, -1])
        var squares: [Double] = []
        try Optimizer.momentumUpdate(
            &w, gradient: g, velocity: &v, learningRate: 0.1, momentum: 0.5, l1: 0, l2: 0, maxNorm: 1,
            squares: &squares)
        assertCloseScalars(v, tensor([2, 2], [0, -0.1, 0, 0.1]), tolerance: 1e-5)
        assertCloseScalars(w, tensor([2, 2], [0.6, 0.4, 0.8, 0.1]), tolerance: 1e-5)
        // l2: g' = g + 2 l2 w; l1: + l1 sign(w); momentum carries v.
        var u = tensor([1, 2], [1, -1])
        var velocity = tensor([1, 2], [1, 1])
        try Optimizer.momentumUpdate(
            &u, gradient: tensor([1, 2], [0, 0]), velocity: &velocity, learningRate: 1, momentum: 0.5, l1: 0.25,
            l2: 0.5, maxNorm: nil, squares: &squares)
        assertCloseScalars(velocity, tensor([1, 2], [0.5 - 1.25, 0.5 + 1.25]), tolerance: 1e-5)
        assertCloseScalars(u, tensor([1, 2], [1 - 0.75, -1 + 1.75]), tolerance: 1e-5)
    }

    func testMomentumUpdateRejectsMismatchedShapes() throws {
        var w = Tensor.zeros([2, 2])
        var v = Tensor.zeros([2, 2])
        var squares: [Double] = []
        XCTAssertThrowsError(
            try Optimizer.momentumUpdate(
                &w, gradient: Tensor.zeros([4]), velocity: &v, learningRate: 1, momentum: 0, l1: 0, l2: 0,
                maxNorm: 1, squares: &squares))
    }

    /// The fused SGD update whose max-norm sums each column over row blocks.
    func testMomentumUpdateWithMaxNormGivesTheOneThreadBits() throws {
        try assertSameForEveryThreadCount {
            var generator = SeededGenerator(seed: 4)
            var w = Tensor.uniform([784, 1200], low: -0.2, high: 0.2, using: &generator)
            let g = Tensor.uniform([784, 1200], low: -1, high: 1, using: &generator)
            var v = Tensor.uniform([784, 1200], low: -0.1, high: 0.1, using: &generator)
            var squares: [Double] = []
            // Columns of norm about 3.2 (784 rows of variance 0.2^2 / 3), so every one is clipped.
            try Optimizer.momentumUpdate(
                &w, gradient: g, velocity: &v, learningRate: 0.1, momentum: 0.5, l1: 1e-4, l2: 1e-4, maxNorm: 1.9,
                squares: &squares)
            let firstColumn = (0..<784).reduce(0.0) { $0 + Double(w.scalars[$1 * 1200]) * Double(w.scalars[$1 * 1200]) }
            XCTAssertEqual(firstColumn.squareRoot(), 1.9, accuracy: 1e-5)
            return [w, v]
        }
    }

    private func assertSameForEveryThreadCount(_ results: () throws -> [Tensor]) rethrows {
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        BLAS.threads = 1
        let one = try results()
        for threads in [2, 3, 16] {
            BLAS.threads = threads
            for (index, (a, b)) in zip(try results(), one).enumerated() {
                assertSameScalars(a, b, "result \(index), \(threads) threads against 1")
            }
        }
    }
}

/// The row-block (two-core) momentum update against the one-block one.
final class ParallelUpdateTests: XCTestCase {
    func testTwoBlocksGiveTheOneBlockResult() throws {
        var generator = SeededGenerator(seed: 4)
        let count = 300 * 300
        let w0 = tensor([300, 300], (0..<count).map { _ in generator.nextUnitFloat() * 0.2 - 0.1 })
        let g = tensor([300, 300], (0..<count).map { _ in generator.nextUnitFloat() - 0.5 })
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        var results: [Tensor] = []
        for threads in [1, 2] {
            BLAS.threads = threads
            var (w, v, squares) = (w0, Tensor.zeros([300, 300]), [Double]())
            // Norms start near 1 and the step pushes some columns past 1, so the clip runs.
            try Optimizer.momentumUpdate(
                &w, gradient: g, velocity: &v, learningRate: 0.5, momentum: 0.5, l1: 0, l2: 1e-3, maxNorm: 1,
                squares: &squares)
            XCTAssertGreaterThanOrEqual(squares.count, threads * 300)
            results.append(w)
        }
        assertCloseScalars(results[1], results[0], tolerance: 1e-6)
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
            var w = tensor([r, c], w0)
            var v = tensor([r, c], v0)
            var squares: [Double] = []
            try Optimizer.momentumUpdate(
                &w, gradient: tensor([r, c], g), velocity: &v, learningRate: 0.1, momentum: 0.7, l1: l1, l2: l2,
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

/// FGSM's step, written once (`Attacks.signStep`).
final class SignStepTests: XCTestCase {
    func testSignStepClipsAndKeepsZeroGradients() throws {
        let x = tensor([1, 4], [0.1, 0.5, 0.95, 0.5])
        let g = tensor([1, 4], [-3, 2, 1, 0])
        var y = Tensor.zeros([0])
        try Attacks.signStep(x, gradient: g, step: 0.25, clip: true, into: &y)
        assertCloseScalars(y, tensor([1, 4], [0, 0.75, 1, 0.5]), tolerance: 1e-5)
        try Attacks.signStep(x, gradient: g, step: 0.25, clip: false, into: &y)
        assertCloseScalars(y, tensor([1, 4], [-0.15, 0.75, 1.2, 0.5]), tolerance: 1e-5)
        XCTAssertThrowsError(try Attacks.signStep(x, gradient: Tensor.zeros([4]), step: 1, clip: true, into: &y))
    }
}
