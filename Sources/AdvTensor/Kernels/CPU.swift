import Foundation

/// The processor adv runs on: what a run record names, and what it offers beyond the baseline
/// the package is compiled for.
public enum CPU {
    /// The first "model name" of /proc/cpuinfo, or "unknown CPU".
    public static let model: String = {
        for line in cpuinfo where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown CPU"
    }()

    /// The cores the system lets adv use.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The vector extensions that decide which kernels run, e.g. "AVX2, FMA, AVX-512F": OpenBLAS
    /// picks its kernels by them (unless OPENBLAS_CORETYPE says otherwise), and results may differ
    /// in their last bits between CPUs with different ones.
    public static let vectorExtensions: String = {
        let named = [("avx2", "AVX2"), ("fma", "FMA"), ("avx512f", "AVX-512F"), ("avx512_bf16", "AVX-512 BF16")]
        let present = named.filter { flags.contains(Substring($0.0)) }.map(\.1)
        return present.isEmpty ? "none of AVX2, FMA, AVX-512" : present.joined(separator: ", ")
    }()

    /// Whether AdvVectorKernels may run here: it is compiled for AVX2 and FMA on x86-64 (see
    /// Package.swift), which Linux lists among the `flags` of /proc/cpuinfo; on other machines it
    /// is compiled for the baseline and always may.
    public static let hasVectorKernels: Bool = {
        #if arch(x86_64)
            return flags.contains("avx2") && flags.contains("fma")
        #else
            return true
        #endif
    }()

    /// The first processor's `flags` of /proc/cpuinfo, e.g. "avx512f".
    public static let flags: Set<Substring> = {
        guard let line = cpuinfo.first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: " "))
    }()

    /// The lines of /proc/cpuinfo, read once.
    private static let cpuinfo: [Substring] = {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        return info.split(separator: "\n")
    }()
}
