import CBLAS
import Foundation

/// The only file that calls BLAS. Every matrix product in adv goes through `gemm`; it is public
/// so that adv-bench can time the bare library call against adv's own paths.
///
/// Matrices are row-major. `c = alpha * op(a) @ op(b) + beta * c`, where `op(a)` is `a` or its
/// transpose, `op(a)` is [m, k], `op(b)` is [k, n] and `c` is [m, n].
public enum BLAS {
    /// Single-precision GEMM on raw row-major buffers; the caller has checked every extent.
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)), beta, c, Int32(n))
    }

    /// OpenBLAS's thread count (it reads OPENBLAS_NUM_THREADS at load; this overrides it).
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }

    /// The kernel family OpenBLAS chose for this CPU, e.g. "Haswell".
    ///
    /// NOTE: OpenBLAS picks it once, when the library loads, from the CPU or from
    /// OPENBLAS_CORETYPE. adv honours the variable as found and never re-executes itself to change
    /// it: a value in the environment may be a user's deliberate choice (to compare kernels, or to
    /// match another machine's numbers bit for bit), and nothing can tell it from an inherited
    /// default. Unset, OpenBLAS 0.3.21 detects this AMD EPYC as "Cooperlake" and already runs its
    /// AVX-512 kernels, so there is nothing to fix; a narrower core set in the environment is
    /// reported by adv-bench's header (Benchmarks/README.md has the measurements).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }
}
