import Foundation

/// `adv-bench lang`: the interpreter against CPython on scalar code (issue 3).
///
/// Each program in Benchmarks/lang exists twice, `NAME.adv` and `NAME.py`, computing the same
/// thing the same way (a 1,000,000-iteration sum, naive recursive fib(25)). Both run as whole
/// processes — `adv run NAME.adv` with the `adv` built beside this binary, `python3 NAME.py` — so
/// start-up counts on both sides. Runs alternate adv, python, adv, ... so a busy moment on the
/// shared cores hits both; the table shows each side's median wall time and adv/python (<= 1.0
/// means adv is no slower). Both programs must print the same output, or the run fails.
struct LanguageBenchmark: Benchmark {
    let name = "lang"
    let summary = "interpreter: scalar loop and recursion in adv against python3 (Benchmarks/lang)"
    /// The programs, by file name without extension.
    var programs = ["sum", "fib"]
    /// Timed runs of each side per program (after one untimed run of each).
    var runs = 3

    func run(_ context: BenchContext) throws {
        let adv = LanguageBenchmark.advExecutable()
        guard FileManager.default.isExecutableFile(atPath: adv) else {
            throw BenchError("lang: no adv binary at \(adv); build it with `swift build -c release --product adv`")
        }
        let folder = "Benchmarks/lang"
        print("adv against CPython on scalar code: median wall time of \(runs) alternating runs, whole processes")
        var table = Table(["program", "adv (s)", "python3 (s)", "adv/python"])
        for program in programs {
            let advCommand = [adv, "run", "\(folder)/\(program).adv"]
            let pythonCommand = ["/usr/bin/env", "python3", "\(folder)/\(program).py"]
            let (advOutput, _) = try LanguageBenchmark.timed(advCommand)
            let (pythonOutput, _) = try LanguageBenchmark.timed(pythonCommand)
            guard advOutput == pythonOutput else {
                throw BenchError("lang: \(program) prints \(advOutput.debugDescription) in adv but \(pythonOutput.debugDescription) in python3")
            }
            var advSeconds: [Double] = [], pythonSeconds: [Double] = []
            for _ in 0..<runs {
                advSeconds.append(try LanguageBenchmark.timed(advCommand).seconds)
                pythonSeconds.append(try LanguageBenchmark.timed(pythonCommand).seconds)
            }
            let a = Timing(seconds: advSeconds).median, p = Timing(seconds: pythonSeconds).median
            table.rows.append([program, format(a, digits: 3), format(p, digits: 3), format(a / p, digits: 2)])
        }
        print(table.text)
        print("issue 3 target: adv/python <= 1.0 on every program")
    }

    /// The `adv` executable beside this `adv-bench` (the same build configuration).
    static func advExecutable() -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("adv").path
    }

    /// Runs `command` to the end; its standard output (trimmed) and wall time in seconds.
    /// A non-zero exit status is an error that shows the output.
    static func timed(_ command: [String]) throws -> (output: String, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = (clock.now - start).seconds
        let output = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw BenchError("lang: `\(command.joined(separator: " "))` exited with \(process.terminationStatus):\n\(output)")
        }
        return (output, seconds)
    }
}
