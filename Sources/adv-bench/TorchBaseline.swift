import Foundation

/// The PyTorch baseline (Benchmarks/torch_baseline.py), run as a subprocess between adv's runs.
///
/// A baseline, never a dependency: when python3 or torch is missing, `available` says why and the
/// comparison prints adv's column only.
struct TorchBaseline {
    let script: String

    /// The baseline at `path` if it exists there (relative to the working directory), else at the
    /// same relative path in the first directory above this executable that has it (so
    /// `.build/release/adv-bench` finds the repository's script from anywhere).
    init(_ path: String) {
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

    /// One run's result: the script prints one JSON line.
    struct Result: Decodable {
        var examplesPerSecond: Double
        var torch: String

        enum CodingKeys: String, CodingKey {
            case examplesPerSecond = "examples_per_s"
            case torch
        }
    }

    /// nil when the script and torch can run, else the reason they cannot.
    var unavailableReason: String? {
        guard FileManager.default.fileExists(atPath: script) else {
            return "no baseline script at \(script) (run from the repository root or pass --baseline PATH)"
        }
        guard let probe = try? run(["-c", "import torch"]), probe.status == 0 else {
            return "PyTorch is not installed for python3 (pip install torch==2.13.0+cpu)"
        }
        return nil
    }

    /// Runs the baseline's `workload` for `seconds` with `threads` threads.
    func measure(_ workload: String, seconds: Double, threads: Int) throws -> Result {
        let (status, output) = try run([script, workload, String(seconds), String(threads)])
        guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw BenchError("\(script) \(workload) \(seconds) \(threads) failed (exit \(status)): \(output)")
        }
        do {
            return try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        } catch {
            throw BenchError("\(script) printed \(line), not the expected JSON: \(error)")
        }
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
