import AdvTensor
import Foundation

/// `adv-bench maxout`: the maxout backward pass's two products, `dw = x^T dz` and `dx = dz w^T`,
/// as sums of the winning pieces' rows (`MaxoutBackward`, the way training runs) against the dense
/// GEMMs of the whole `dz`, at the maxout network's shapes, timed side by side.
struct MaxoutBenchmark: Benchmark {
    let name = "maxout"
    let summary = "maxout backward products: sums of winning rows against dense GEMM of dz"

    /// (inputs, units, pieces, batch): the two maxout layers of the papers' network, at the
    /// training batch and at the attack block.
    static let shapes = [(784, 240, 5, 100), (240, 240, 5, 100), (784, 240, 5, 1000)]

    func run(_ context: BenchContext) throws {
        guard CPU.hasVectorKernels else {
            print("maxout: this CPU lacks the vector unit AdvVectorKernels is built for; only dense runs")
            return
        }
        let settings = context.settings
        print("Maxout backward products, ms per call (median); sparse = sums of rows, dense = GEMM of dz")
        var table = Table(["x [n, i] -> units x pieces", "threads", "product", "dense ms", "sparse ms", "dense/sparse"])
        for (inputs, units, pieces, batch) in MaxoutBenchmark.shapes {
            var generator = SeededGenerator(seed: 7)
            let x = Tensor.uniform([batch, inputs], using: &generator)
            let w = Tensor.normal([inputs, units * pieces], std: 0.05, using: &generator)
            let dy = Tensor.normal([batch, units], using: &generator)
            let argmax = (0..<batch * units).map {
                Int32(($0 % units) * pieces + Int.random(in: 0..<pieces, using: &generator))
            }
            for threads in settings.threads {
                BLAS.threads = threads
                for product in ["dw", "dx"] {
                    var seconds: [Bool: Double] = [:]
                    for _ in 0..<settings.rounds {
                        for sparse in [false, true] {
                            MaxoutBackward.sparse = sparse
                            var backward = MaxoutBackward()
                            var (dw, db, dx, scratch) = (
                                Tensor.zeros([0]), Tensor.zeros([0]), Tensor.zeros([0]), [Double]()
                            )
                            let timing = try Timing.measure(warmUp: settings.warmUp, budget: settings.stepSeconds / 6) {
                                try backward.prepare(dy, argmax: argmax, pieces: pieces)
                                if product == "dw" {
                                    try backward.parameterGradients(
                                        x, accumulate: false, weights: &dw, bias: &db, scratch: &scratch)
                                } else {
                                    try backward.inputGradient(w, into: &dx)
                                }
                            }
                            seconds[sparse] = min(seconds[sparse] ?? .infinity, timing.median)
                        }
                    }
                    let (dense, sparse) = (seconds[false] ?? .nan, seconds[true] ?? .nan)
                    table.rows.append([
                        "[\(batch), \(inputs)] -> \(units) x \(pieces)", "\(threads)", product,
                        format(dense * 1e3, digits: 3), format(sparse * 1e3, digits: 3),
                        format(dense / sparse, digits: 2),
                    ])
                }
            }
        }
        MaxoutBackward.sparse = CPU.hasVectorKernels
        print(table.text)
    }
}
