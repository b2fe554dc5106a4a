import Foundation

/// What the processor offers beyond the baseline the package is compiled for.
public enum CPU {
    /// Whether AdvVectorKernels may run here: it is compiled for AVX2 and FMA on x86-64 (see
    /// Package.swift), which Linux lists among the `flags` of /proc/cpuinfo; on other machines it
    /// is compiled for the baseline and always may.
    public static let hasVectorKernels: Bool = {
        #if arch(x86_64)
            guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
            else { return false }
            let names = Set(flags.split(separator: " "))
            return names.contains("avx2") && names.contains("fma")
        #else
            return true
        #endif
    }()
}
