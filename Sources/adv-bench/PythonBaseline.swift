import Foundation

/// A Python baseline (Benchmarks/torch_baseline.py, Benchmarks/numpy_baseline.py), run as a
/// subprocess between adv's runs: `python3 SCRIPT WORKLOAD SECONDS THREADS` prints one JSON line
/// with `examples_per_s` and the version of its library under the library's name.
///
/// A baseline, never a dependency: when python3 or the library is missing, `unavailableReason`
/// says why and the comparison leaves its column empty.
struct PythonBaseline {
    /// The library's name as the table shows it and as the JSON line keys its version ("torch").
    let name: String
    let script: String
    /// The Python module whose import says the library is installed ("torch", "numpy").
    let module: String
    /// How to install the library, for the skip message.
    let installHint: String
    /// The option that points at another script, for the skip message.
    let option: String

    /// The PyTorch baseline.
    static func torch(_ path: String) -> PythonBaseline {
        PythonBaseline(
            name: "torch", path: path, module: "torch", installHint: "pip install torch==2.13.0+cpu",
            option: "--baseline")
    }

    /// The numpy + OpenBLAS baseline.
    static func numpy(_ path: String) -> PythonBaseline {
        PythonBaseline(
            name: "numpy", path: path, module: "numpy", installHint: "pip install numpy", option: "--numpy-baseline")
    }

    /// The baseline at `path` if it exists there (relative to the working directory), else at the
    /// same relative path in the first directory above this executable that has it (so
    /// `.build/release/adv-bench` finds the repository's script from anywhere).
    init(name: String, path: String, module: String, installHint: String, option: String) {
        (self.name, self.module, self.installHint, self.option) = (name, module, installHint, option)
        var directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .deletingLastPathComponent()
        var found: String?
        if !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path) {
            for _ in 0..<5 where found == nil {
                let candidate = directory.appendingPathComponent(path).path
                if FileManager.default.fileExists(atPath: candidate) { found = candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        script = found ?? path
    }

    /// One run's result, from the script's JSON line.
    struct Result {
        var examplesPerSecond: Double
        /// The library's version, e.g. "2.13.0+cpu".
        var version: String
    }

    /// nil when the script and its library can run, else the reason they cannot.
    var unavailableReason: String? {
        guard FileManager.default.fileExists(atPath: script) else {
            return "no baseline script at \(script) (run from the repository root or pass \(option) PATH)"
        }
        guard let probe = try? run(["-c", "import \(module)"]), probe.status == 0 else {
            return "\(module) is not installed for python3 (\(installHint))"
        }
        return nil
    }

    /// Runs the baseline's `workload` for `seconds` with `threads` threads.
    func measure(_ workload: String, seconds: Double, threads: Int) throws -> Result {
        let command = "\(script) \(workload) \(seconds) \(threads)"
        let (status, output) = try run([script, workload, String(seconds), String(threads)])
        guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw BenchError("\(command) failed (exit \(status)): \(output)")
        }
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        guard let rate = (object?["examples_per_s"] as? NSNumber)?.doubleValue,
            let version = object?[name] as? String
        else {
            throw BenchError("\(command) printed \(line), not JSON with examples_per_s and \(name)")
        }
        return Result(examplesPerSecond: rate, version: version)
    }

    /// Runs python3 with `arguments`; returns its exit status and standard output + error.
    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
