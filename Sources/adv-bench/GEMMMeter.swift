import AdvTensor

/// Measures matrix products at given shapes and thread counts, remembering each result for the run,
/// so the step and PyTorch benchmarks compare against GEMM throughput measured in the same process.
final class GEMMMeter {
    struct Key: Hashable {
        var shape: GEMMShape
        var threads: Int
    }

    /// Median seconds per call of the bare `cblas_sgemm` (operands and result allocated once).
    private(set) var raw: [Key: Double] = [:]
    /// Median seconds per call of `Tensor.matmul(_:transposeA:_:transposeB:)`, result allocated.
    private(set) var tensor: [Key: Double] = [:]
    let settings: Settings

    init(_ settings: Settings) { self.settings = settings }

    /// Seconds per bare `sgemm` call at `shape` threaded by OpenBLAS itself with `threads` threads; `fresh` measures
    /// again even when this run already has a number (and keeps the new one).
    func rawSeconds(_ shape: GEMMShape, threads: Int, fresh: Bool = false) throws -> Double {
        let key = Key(shape: shape, threads: threads)
        if !fresh, let known = raw[key] { return known }
        BLAS.libraryThreads = threads
        defer { BLAS.libraryThreads = 1 }
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.uniform([shape.m * shape.k], using: &generator).scalars
        let b = Tensor.uniform([shape.k * shape.n], using: &generator).scalars
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        let timing = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Timing.measure(warmUp: settings.warmUp, budget: settings.gemmSeconds) {
                        BLAS.libraryGEMM(
                            transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n,
                            k: shape.k, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                    }
                }
            }
        }
        raw[key] = timing.median
        return timing.median
    }

    /// Seconds per `Tensor.matmul` call (adv's own product, which allocates its result).
    func tensorSeconds(_ shape: GEMMShape, threads: Int) throws -> Double {
        let key = Key(shape: shape, threads: threads)
        if let known = tensor[key] { return known }
        BLAS.threads = threads
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.uniform(shape.transposeA ? [shape.k, shape.m] : [shape.m, shape.k], using: &generator)
        let b = Tensor.uniform(shape.transposeB ? [shape.n, shape.k] : [shape.k, shape.n], using: &generator)
        let timing = try Timing.measure(warmUp: settings.warmUp, budget: settings.gemmSeconds) {
            _ = try Tensor.matmul(a, transposeA: shape.transposeA, b, transposeB: shape.transposeB)
        }
        tensor[key] = timing.median
        return timing.median
    }

    /// Seconds for one minibatch's products of `pass`, each at its raw sgemm speed: the machine
    /// limit a pass with no work outside GEMM would reach.
    func rawSeconds(_ workload: Workload, _ pass: Workload.Pass, threads: Int, fresh: Bool = false) throws -> Double {
        try rawSeconds(workload.products(pass), threads: threads, fresh: fresh)
    }

    /// Seconds for `products`, each at its raw sgemm speed (each distinct shape measured once).
    func rawSeconds(_ products: [GEMMShape], threads: Int, fresh: Bool = false) throws -> Double {
        var seconds: [GEMMShape: Double] = [:]
        for shape in products where seconds[shape] == nil {
            seconds[shape] = try rawSeconds(shape, threads: threads, fresh: fresh)
        }
        return products.reduce(0) { $0 + (seconds[$1] ?? 0) }
    }
}
