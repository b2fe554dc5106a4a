import AdvTensor
import Foundation

/// `adv-bench kernels`: bare sgemm throughput of the maxout training step's products under each
/// OpenBLAS kernel family, for issue 7's question of how adv gets the fast path.
///
/// OpenBLAS reads OPENBLAS_CORETYPE once, when it loads, so each family is measured in a child
/// process of this same binary started with that variable set; the child prints one line per
/// thread count, `THREADS GFLOPS CORENAME`, and the parent tabulates them.
struct KernelsBenchmark: Benchmark {
    let name = "kernels"
    let summary = "sgemm GFLOP/s of the maxout step's products under each OPENBLAS_CORETYPE"

    /// Set in the child's environment; its value is ignored.
    static let childVariable = "ADV_BENCH_KERNELS_CHILD"
    /// Families to compare: issue 7's AVX2 and AVX-512 ones, and what this OpenBLAS picks unasked.
    static let coreTypes: [String?] = [nil, "Haswell", "SkylakeX", "Cooperlake"]

    func run(_ context: BenchContext) throws {
        let settings = context.settings
        let workload = Workload.maxout
        if ProcessInfo.processInfo.environment[KernelsBenchmark.childVariable] != nil {
            for threads in settings.threads {
                let seconds = try context.gemm.rawSeconds(workload, .training, threads: threads)
                let flops = workload.flopsPerExample(.training) * Double(workload.batch)
                print("\(threads) \(flops / seconds / 1e9) \(BLAS.coreName)")
            }
            return
        }
        print("Bare sgemm GFLOP/s of the \(workload.name) training step's products under each OPENBLAS_CORETYPE")
        var table = Table(["OPENBLAS_CORETYPE", "core chosen"] + settings.threads.map { "\($0) thread(s)" })
        for coreType in KernelsBenchmark.coreTypes {
            let lines = try child(coreType: coreType, settings: settings)
            var row = [coreType ?? "(unset)", lines.first?.count == 3 ? lines[0][2] : "?"]
            for threads in settings.threads {
                let line = lines.first { $0.first == String(threads) }
                row.append(line.flatMap { Double($0[1]) }.map { format($0) } ?? "-")
            }
            table.rows.append(row)
        }
        print(table.text)
        print("(unset): what OpenBLAS picks for this CPU when nobody sets a core type")
    }

    /// Runs this binary's `kernels` in a child with `coreType` set (or removed); its output lines, split into words.
    private func child(coreType: String?, settings: Settings) throws -> [[String]] {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let seconds = format(settings.gemmSeconds * 3, digits: 3)
        process.arguments = [
            "kernels", "--seconds", seconds, "--threads", settings.threads.map(String.init).joined(separator: ","),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment[KernelsBenchmark.childVariable] = "1"
        environment["OPENBLAS_CORETYPE"] = coreType
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError(
                "adv-bench kernels with OPENBLAS_CORETYPE=\(coreType ?? "(unset)") exited with \(process.terminationStatus)"
            )
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: " ").map(String.init)
        }
        .filter { $0.count == 3 && Int($0[0]) != nil }
    }
}
