import AdvTensor

/// Command-line settings shared by all benchmarks.
struct Settings {
    /// Untimed seconds before each measurement.
    var warmUp = 0.3
    /// Timed seconds per GEMM shape.
    var gemmSeconds = 1.0
    /// Timed seconds per training-step measurement.
    var stepSeconds = 3.0
    /// Timed seconds per workload run in the baseline comparison (adv's, torch's and numpy's each).
    var torchSeconds = 4.0
    /// How many alternating rounds each cell of the step and torch tables gets (step/sgemm, adv/torch/numpy).
    var rounds = 2
    /// OpenBLAS (and torch) thread counts to measure.
    var threads = [1, 2]
    /// The baseline script, relative to the working directory unless absolute.
    var baseline = "Benchmarks/torch_baseline.py"
    /// The numpy + OpenBLAS baseline script, found the same way.
    var numpyBaseline = "Benchmarks/numpy_baseline.py"

    static let usage = """
        options:
          --seconds S     timed seconds per step / torch measurement (default 3 / 4); GEMM shapes get S/3
          --threads LIST  thread counts, comma-separated (default 1,2)
          --rounds N      alternations per cell: adv/torch/numpy (torch), step/sgemm (step) (default 2)
          --baseline PATH the PyTorch baseline script (default Benchmarks/torch_baseline.py)
          --numpy-baseline PATH
                          the numpy + OpenBLAS baseline script (default Benchmarks/numpy_baseline.py)
          --dense-maxout  maxout backward as dense GEMMs (the way before sums of rows), to compare
          --quick         short runs (0.2 s per measurement, 1 round) to check that everything works
        """

    /// Parses `--option value` pairs.
    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ option: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(option) needs a value") }
            return next
        }
        while let option = rest.popFirst() {
            switch option {
            case "--seconds":
                let text = try value(option)
                guard let seconds = Double(text), seconds > 0 else {
                    throw BenchError("--seconds \(text): want a positive number")
                }
                (stepSeconds, torchSeconds, gemmSeconds) = (seconds, seconds, seconds / 3)
            case "--threads":
                let text = try value(option)
                let counts = text.split(separator: ",").compactMap { Int($0) }
                guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else {
                    throw BenchError("--threads \(text): want e.g. 1,2")
                }
                threads = counts
            case "--rounds":
                let text = try value(option)
                guard let count = Int(text), count > 0 else {
                    throw BenchError("--rounds \(text): want a positive count")
                }
                rounds = count
            case "--baseline":
                baseline = try value(option)
            case "--numpy-baseline":
                numpyBaseline = try value(option)
            case "--dense-maxout":
                MaxoutBackward.sparse = false
            case "--quick":
                (warmUp, gemmSeconds, stepSeconds, torchSeconds, rounds) = (0.05, 0.2, 0.2, 0.5, 1)
            default:
                throw BenchError("unknown option \(option)")
            }
        }
    }
}
