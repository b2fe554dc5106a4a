import Foundation

/// OpenBLAS, reached by symbol name in the running process.
///
/// adv-bench depends on AdvNN only, and AdvTensor keeps its BLAS calls internal; the library is
/// linked into this binary through AdvTensor, so `dlsym` finds its entry points. The benchmark
/// needs three things AdvTensor does not export: the thread count (to measure 1 and 2 threads in
/// one run), the kernel family's name (for the header), and a bare `sgemm` (the "raw GEMM"
/// throughput that adv's own paths are compared against, with no allocation around it).
enum OpenBLAS {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32
    private typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?
    /// cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc).
    typealias SGEMM =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
            Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void

    /// CBLAS's enum values (cblas.h): row-major storage, no transpose, transpose.
    static let rowMajor: Int32 = 101
    static let noTranspose: Int32 = 111
    static let transpose: Int32 = 112

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    /// OpenBLAS's thread count; setting it takes effect for the following calls.
    static var threads: Int {
        get { symbol("openblas_get_num_threads", as: GetThreads.self).map { Int($0()) } ?? 1 }
        set { symbol("openblas_set_num_threads", as: SetThreads.self)?(Int32(newValue)) }
    }

    /// The kernel family OpenBLAS chose (e.g. "Haswell", "SkylakeX"), or "unknown".
    static var coreName: String {
        guard let name = symbol("openblas_get_corename", as: CoreName.self)?() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }

    /// The library's `cblas_sgemm`, or nil when the symbol cannot be found.
    static var sgemm: SGEMM? { symbol("cblas_sgemm", as: SGEMM.self) }
}
