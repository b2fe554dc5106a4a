import CBLAS
import Foundation

/// The only file that calls BLAS. Every matrix product in adv goes through `gemm`; it is public
/// so that adv-bench can time it against the bare library call (`libraryGEMM`).
///
/// Matrices are row-major. `c = alpha * op(a) @ op(b) + beta * c`, where `op(a)` is `a` or its
/// transpose, `op(a)` is [m, k], `op(b)` is [k, n] and `c` is [m, n].
///
/// Threads: adv splits each large product over `threads` cores itself (one single-threaded
/// OpenBLAS call per block of the result, on `Parallel`'s worker pool) instead of letting
/// OpenBLAS thread it. OpenBLAS's workers spin for a long while after each call before they
/// sleep, so with its threading on, every elementwise pass adv runs on two cores between two
/// products (bias + maxout, dropout, the update) fights a spinning thread for the second core.
/// With one pool of threads for both, the products and the passes share the same workers
/// (Benchmarks/README.md has the measurements).
public enum BLAS {
    /// Single-precision GEMM on raw row-major buffers; the caller has checked every extent.
    /// Products of `parallelFLOPs` or more are cut into blocks of columns (or of rows, when the
    /// result is taller than wide) by `ProductBlocks`, from the shape alone, and the blocks are
    /// dealt out to `threads` cores. Each block is one library call that sums over the whole `k`,
    /// so every thread count makes the same calls and gives the same bits (BLASSplitTests checks
    /// the products against their definition, ThreadCountTests 1, 2, 3 and 16 threads bit for bit).
    ///
    /// `blocks` overrides the shape's block count (adv-bench's `blocks` times what a count costs).
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, blocks count: Int? = nil
    ) {
        guard m > 0, n > 0 else { return }
        let lda = max(transposeA ? m : k, 1)
        let ldb = max(transposeB ? k : n, 1)
        let blocks = ProductBlocks(m: m, n: n, k: k, blocks: count)
        guard blocks.partition.blocks > 1 else {
            call(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, n)
            return
        }
        let pointers = Pointers(a: a, b: b, c: c)
        Parallel.blocks(blocks.partition) { _, range in
            let (a, b, c) = (pointers.a, pointers.b, pointers.c)
            if blocks.byColumns {
                // Columns j of op(b) and of c: b's column j starts at j (plain) or at row j (transposed).
                let bBlock = b + (transposeB ? range.lowerBound * ldb : range.lowerBound)
                call(
                    transposeA, transposeB, m, range.count, k, alpha, a, lda, bBlock, ldb, beta, c + range.lowerBound,
                    n)
            } else {
                // Rows i of op(a) and of c: a's row i starts at row i (plain) or at column i (transposed).
                let aBlock = a + (transposeA ? range.lowerBound : range.lowerBound * lda)
                call(
                    transposeA, transposeB, range.count, n, k, alpha, aBlock, lda, b, ldb, beta,
                    c + range.lowerBound * n, n)
            }
        }
    }

    /// The bare library call with OpenBLAS's own threading (`libraryThreads`), unsplit: what
    /// adv-bench measures adv's products and passes against.
    public static func libraryGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        call(transposeA, transposeB, m, n, k, 1, a, max(transposeA ? m : k, 1), b, max(transposeB ? k : n, 1), 0, c, n)
    }

    /// The cores adv's products and elementwise passes use. It starts at OpenBLAS's own count
    /// (OPENBLAS_NUM_THREADS, else the machine's cores), which is then set to 1 so that only adv
    /// splits work.
    public static var threads: Int {
        get { pool.threads }
        set { pool.threads = max(1, newValue) }
    }

    /// OpenBLAS's own thread count, for timing the bare library (`libraryGEMM`); adv's `gemm`
    /// expects 1 and `threads` leaves it there.
    public static var libraryThreads: Int {
        get {
            _ = pool
            return Int(openblas_get_num_threads())
        }
        set {
            _ = pool
            openblas_set_num_threads(Int32(max(1, newValue)))
        }
    }

    /// The kernel family OpenBLAS chose for this CPU, e.g. "Haswell".
    ///
    /// NOTE: OpenBLAS picks it once, when the library loads, from the CPU or from
    /// OPENBLAS_CORETYPE. adv honours the variable as found and never re-executes itself to change
    /// it: a value in the environment may be a user's deliberate choice (to compare kernels, or to
    /// match another machine's numbers bit for bit), and nothing can tell it from an inherited
    /// default. On this machine's CPU (AMD Zen 4) the AVX2 and AVX-512 kernels run at the same
    /// ~100 GFLOP/s per core (Benchmarks/README.md), so the choice costs nothing here.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }

    /// How many blocks `gemm` cuts a product of this shape into.
    public static func blockCount(m: Int, n: Int, k: Int) -> Int {
        ProductBlocks(m: m, n: n, k: k).partition.blocks
    }

    /// Products below this many FLOPs run unsplit: handing blocks to threads costs more than it saves.
    static let parallelFLOPs = 4_000_000

    // MARK: Internals

    /// adv's thread count, and the one-time switch of OpenBLAS to a single thread.
    private final class Pool: @unchecked Sendable {
        // NOTE: unchecked: `threads` is a plain Int written by whoever configures adv (the
        // command line, a benchmark) before work starts, not during it.
        var threads: Int
        init() {
            threads = max(1, Int(openblas_get_num_threads()))
            openblas_set_num_threads(1)
        }
    }

    private static let pool = Pool()

    /// How a product's result is cut into blocks, from its shape alone.
    ///
    /// NOTE: never from the thread count. OpenBLAS's kernels do not always round a block of
    /// columns as they round the whole: with its Haswell or Zen kernels (what it runs on AVX2
    /// CPUs), 12,910 of the 360,000 entries of a [300, 240] x [240, 1200] product cut into two
    /// column blocks differed in their last bits from one call (with the SkylakeX kernels, none).
    /// A split that followed the threads made results, and whole training runs, depend on them.
    ///
    /// Each block is a library call that packs its own copy of the operand all blocks share, so
    /// blocks cost time on few cores (`adv-bench blocks`). A product worth splitting is cut in
    /// two, the split two cores use, and in more only past `blockFLOPs` a block, for machines
    /// with more cores: in 4, 8 or 16.
    struct ProductBlocks {
        /// Columns when the result is at least as wide as tall: each column block repacks all of
        /// op(a) [m, k], each row block all of op(b) [k, n], and the smaller one is repacked.
        var byColumns: Bool
        var partition: Partition

        /// Products of this many FLOPs or more per block are cut further (in powers of two).
        static let blockFLOPs = 1 << 29
        static let maximumBlocks = 16
        /// Blocks are at least this many columns (or rows) wide, in multiples of `granule`: the
        /// kernels' unrolled width, so no block ends inside an unrolled group.
        static let minimumWidth = 64
        static let granule = 16

        /// The shape's own cut, or about `blocks` blocks when given.
        init(m: Int, n: Int, k: Int, blocks: Int? = nil) {
            byColumns = n >= m
            let extent = byColumns ? n : m
            let flops = 2 * m * n * k
            var count = flops >= BLAS.parallelFLOPs ? 2 : 1
            while count < Self.maximumBlocks, flops / (2 * count) >= Self.blockFLOPs { count *= 2 }
            count = min(count, max(1, extent / Self.minimumWidth))
            partition = Partition(extent, blocks: blocks ?? count, granule: Self.granule)
        }
    }

    /// Carries the operands into the concurrent blocks.
    // NOTE: unchecked: the blocks read a and b and write disjoint parts of c, and none outlives `gemm`.
    private struct Pointers: @unchecked Sendable {
        let a: UnsafePointer<Float>
        let b: UnsafePointer<Float>
        let c: UnsafeMutablePointer<Float>
    }

    @inline(__always)
    private static func call(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
