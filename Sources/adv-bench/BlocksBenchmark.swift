import AdvTensor

/// `adv-bench blocks`: what cutting a product into a fixed number of blocks costs.
///
/// adv cuts every large product by its shape, never by the thread count, so that results do not
/// depend on the thread count (`BLAS.ProductBlocks`); each block is a library call that repacks the
/// operand all blocks share. This times `BLAS.gemm` at the maxout workload's shapes (training batch
/// and attack block) in 1 to 16 blocks, per thread count, to choose the count from.
struct BlocksBenchmark: Benchmark {
    let name = "blocks"
    let summary = "GFLOP/s of adv's products cut into 1, 2, 4, 8, 16 blocks, per thread count"

    static let counts = [1, 2, 4, 8, 16]

    func run(_ context: BenchContext) throws {
        let settings = context.settings
        var attackBlock = Workload.maxout
        attackBlock.batch = attackBlock.attackBatch
        let shapes = Workload.maxout.shapes + attackBlock.shapes
        print("adv's products in a fixed number of blocks: GFLOP/s (the shape's own choice marked *)")
        var header = ["shape", "MFLOP", "threads"]
        header += BlocksBenchmark.counts.map { "\($0) block\($0 == 1 ? "" : "s")" }
        var table = Table(header)
        let before = BLAS.threads
        defer { BLAS.threads = before }
        for shape in shapes where shape.flops >= 4e6 {
            let chosen = BLAS.blockCount(m: shape.m, n: shape.n, k: shape.k)
            for threads in settings.threads {
                BLAS.threads = threads
                var row = [shape.description, format(shape.flops / 1e6, digits: 1), String(threads)]
                for count in BlocksBenchmark.counts {
                    let seconds = time(shape, blocks: count, settings: settings)
                    row.append(format(shape.flops / seconds / 1e9) + (count == chosen ? "*" : ""))
                }
                table.rows.append(row)
            }
        }
        print(table.text)
    }

    /// Median seconds of one `BLAS.gemm` at `shape` in about `blocks` blocks.
    private func time(_ shape: GEMMShape, blocks: Int, settings: Settings) -> Double {
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.uniform([shape.m * shape.k], using: &generator).scalars
        let b = Tensor.uniform([shape.k * shape.n], using: &generator).scalars
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Timing.measure(warmUp: settings.warmUp, budget: settings.gemmSeconds) {
                        BLAS.gemm(
                            transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n,
                            k: shape.k, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!, blocks: blocks)
                    }.median
                }
            }
        }
    }
}
