/// One `adv-bench` subcommand.
///
/// To add a benchmark (e.g. `lang`, the interpreter's), write a type conforming to this protocol
/// in its own file and append it to `Benchmarks.all`; `adv-bench all` runs every entry in order.
protocol Benchmark: Sendable {
    /// The subcommand, e.g. "gemm".
    var name: String { get }
    /// One line for the usage text.
    var summary: String { get }
    /// Runs the measurements and prints their tables to standard output.
    func run(_ context: BenchContext) throws
}

/// What every benchmark shares within one run: the settings and the GEMM measurements.
struct BenchContext {
    var settings: Settings
    var gemm: GEMMMeter
}

/// The registry of subcommands, in the order `adv-bench all` runs them.
enum Benchmarks {
    static let all: [any Benchmark] = [
        GEMMBenchmark(), BlocksBenchmark(), KernelsBenchmark(), StepBenchmark(), TorchBenchmark(), MNISTBenchmark(),
        LanguageBenchmark(),
        LoopBenchmark(), MaxoutBenchmark(), GANBenchmark(),
    ]
}

/// A failure that ends the run with a message (and exit code 1).
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
