import AdvTestSupport
import XCTest

@testable import AdvTensor

/// adv's own split of a product over threads (`BLAS.gemm`) against a Float64 triple loop, for
/// column blocks (wide results) and row blocks (narrow ones), every transpose, alpha and beta.
final class BLASSplitTests: XCTestCase {
    private var threadsBefore = 1
    override func setUp() { threadsBefore = BLAS.threads }
    override func tearDown() { BLAS.threads = threadsBefore }

    func testSplitProductsMatchTheDefinition() {
        // (m, n, k): column blocks, row blocks (n < 64 per part, n < m), and one left unsplit (below
        // `BLAS.parallelFLOPs`; the others are at or above it).
        let shapes = [(40, 500, 100), (700, 10, 300), (3, 4, 5)]
        var generator = SeededGenerator(seed: 5)
        for (m, n, k) in shapes {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = (0..<(m * k)).map { _ in generator.nextUnitFloat() - 0.5 }
                let b = (0..<(k * n)).map { _ in generator.nextUnitFloat() - 0.5 }
                let start = (0..<(m * n)).map { _ in generator.nextUnitFloat() }
                // op(a)[i, p] and op(b)[p, j] in the stored row-major layouts.
                func opA(_ i: Int, _ p: Int) -> Double { Double(transposeA ? a[p * m + i] : a[i * k + p]) }
                func opB(_ p: Int, _ j: Int) -> Double { Double(transposeB ? b[j * k + p] : b[p * n + j]) }
                var expected = [Double](repeating: 0, count: m * n)
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0
                        for p in 0..<k { sum += opA(i, p) * opB(p, j) }
                        expected[i * n + j] = -0.5 * sum + 0.25 * Double(start[i * n + j])
                    }
                }
                for threads in [1, 2, 3] {
                    BLAS.threads = threads
                    var c = start
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            c.withUnsafeMutableBufferPointer { c in
                                BLAS.gemm(
                                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: -0.5,
                                    a: a.baseAddress!, b: b.baseAddress!, beta: 0.25, c: c.baseAddress!)
                            }
                        }
                    }
                    let worst = zip(c, expected).map { abs(Double($0) - $1) }.max() ?? 0
                    XCTAssertLessThan(
                        worst, 1e-4, "\(m)x\(n)x\(k) transposes \(transposeA) \(transposeB), \(threads) threads")
                }
            }
        }
    }
}

/// Results do not depend on the thread count: products and passes cut into blocks by their
/// shapes (`BLAS.ProductBlocks`, `Partition`) give the one-thread bits with 2, 3 and 16 threads,
/// on every CPU and under every OpenBLAS kernel family, because every thread count makes the same
/// library calls on the same blocks.
final class ThreadCountTests: XCTestCase {
    private var threadsBefore = 1
    override func setUp() { threadsBefore = BLAS.threads }
    override func tearDown() { BLAS.threads = threadsBefore }

    /// `results(threads)` for 2, 3 and 16 threads against 1, tensor by tensor.
    private func assertSameForEveryThreadCount(_ results: (Int) throws -> [Tensor]) rethrows {
        BLAS.threads = 1
        let one = try results(1)
        for threads in [2, 3, 16] {
            BLAS.threads = threads
            let split = try results(threads)
            XCTAssertEqual(split.count, one.count)
            for (index, (a, b)) in zip(split, one).enumerated() {
                assertSameScalars(a, b, "result \(index), \(threads) threads against 1")
            }
        }
    }

    /// Every row-split in-place op on [300, 1200] operands.
    func testPassesGiveTheOneThreadBits() throws {
        try assertSameForEveryThreadCount { _ in
            var generator = SeededGenerator(seed: 1)
            let x = Tensor.uniform([300, 240], low: -1, high: 1, using: &generator)
            let w = Tensor.uniform([240, 1200], low: -1, high: 1, using: &generator)
            let b = Tensor.uniform([1200], low: -1, high: 1, using: &generator)
            var (z, value, linear, dz, dropped, scaled) = (
                Tensor.zeros([0]), Tensor.zeros([0]), Tensor.zeros([0]), Tensor.zeros([0]), Tensor.zeros([0]),
                Tensor.zeros([0])
            )
            var argmax: [Int32] = []
            try Tensor.maxout(x, w, b, pieces: 5, scratch: &z, into: &value, argmax: &argmax)
            try Tensor.linear(x, w, b, activation: .sigmoid, into: &linear)
            try Tensor.maxoutGradient(value, argmax: argmax, pieces: 5, into: &dz)
            try Tensor.dropout(linear, mask: z, into: &dropped)
            Tensor.scaled(z, by: 0.8, into: &scaled)
            return [z, value, try tensor([argmax.count], argmax.map(Float.init)), linear, dz, dropped, scaled]
        }
    }

    /// Products cut into 1, 2 (by columns and by rows) and 4 blocks, every transpose.
    func testProductsGiveTheOneThreadBits() throws {
        // (m, n, k) and the blocks BLAS.gemm cuts them into.
        let shapes = [(40, 500, 100, 2), (700, 10, 300, 2), (100, 1200, 784, 2), (3, 4, 5, 1), (1024, 1024, 1024, 4)]
        for (m, n, k, blocks) in shapes {
            XCTAssertEqual(BLAS.blockCount(m: m, n: n, k: k), blocks, "\(m)x\(n)x\(k)")
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                var generator = SeededGenerator(seed: 3)
                let a = Tensor.uniform(transposeA ? [k, m] : [m, k], low: -1, high: 1, using: &generator)
                let b = Tensor.uniform(transposeB ? [n, k] : [k, n], low: -1, high: 1, using: &generator)
                try assertSameForEveryThreadCount { _ in
                    [try Tensor.matmul(a, transposeA: transposeA, b, transposeB: transposeB)]
                }
            }
        }
    }
}
