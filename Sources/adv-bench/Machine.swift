import AdvTensor
import Foundation

/// The header every run prints first: date, CPU, cores, and how OpenBLAS was set up.
enum Machine {
    /// Whether the CPU can run OpenBLAS's SkylakeX kernels.
    static var hasAVX512: Bool { CPU.flags.contains("avx512f") }

    /// A warning when OpenBLAS runs narrower kernels than the CPU has because of OPENBLAS_CORETYPE
    /// (see `BLAS.coreName` for why adv honours the variable rather than overriding it), else nil.
    static var coreWarning: String? {
        guard hasAVX512, let coreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"],
            ["haswell", "zen", "sandybridge", "nehalem"].contains(coreType.lowercased())
        else { return nil }
        return "OPENBLAS_CORETYPE=\(coreType) holds OpenBLAS to narrower kernels than this AVX-512 CPU has; "
            + "unset it (OpenBLAS then picks its AVX-512 core) to measure the machine"
    }

    /// The 1-, 5- and 15-minute load averages of /proc/loadavg, or "unknown".
    static var loadAverage: String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Lines describing this machine and the run's settings.
    static func header(_ settings: Settings) -> String {
        let environment = ProcessInfo.processInfo.environment
        let coreType = environment["OPENBLAS_CORETYPE"].map { "OPENBLAS_CORETYPE=\($0)" } ?? "OPENBLAS_CORETYPE unset"
        let l2 = environment["OPENBLAS_L2_SIZE"].map { ", OPENBLAS_L2_SIZE=\($0)" } ?? ""
        let date = ISO8601DateFormatter().string(from: Date())
        let warning = coreWarning.map { "\nwarning    \($0)" } ?? ""
        return """
            adv-bench  \(date)
            cpu        \(CPU.model), \(CPU.cores) cores, \(CPU.vectorExtensions)
            openblas   core \(BLAS.coreName) (\(coreType)\(l2)), adv splits products over \(BLAS.threads) threads itself (OpenBLAS single-threaded)
            threads    measured with \(settings.threads.map(String.init).joined(separator: ", "))
            load       \(loadAverage) (1, 5, 15 min) at start
            note       medians of repeated runs; the machine is shared, so numbers taken while other work runs are noisy
            """ + warning
    }
}
