import AdvLang
import Foundation

/// The options of `adv run` before the script's name: `--out DIR`, `--seeds 1,2,3` (or `1-5`),
/// `--record FILE`, `--against RECORD`, `--html FILE`, `--verbose`.
struct RunOptions {
    /// Every `expect` prints its line (`--verbose`, or ADV_VERBOSE=1 as Scripts/test.sh sets for
    /// CI); otherwise failures print and one summary line ends the run.
    var verbose = RunOptions.verboseFromEnvironment
    /// Where the run's shareable page goes (`RunPage`): tables, pictures, seed, checksum, machine.
    var htmlPath: String?
    /// Where the files a script writes by relative paths go.
    var outputFolder = Command.defaultOutputFolder
    /// The seeds to run the script with, one run each; nil: once, with run_seed 1, unrecorded.
    var seeds: [Int]?
    /// Where the run's record goes (relative to the working directory, like any command-line path).
    var recordPath: String?
    /// A record to check the run's figures against (`DriftCheck`).
    var againstPath: String?

    /// Reads the options that follow `run` in `arguments` and removes them.
    mutating func read(_ arguments: inout [String]) throws(RuntimeError) {
        while arguments.count >= 2, arguments[1].hasPrefix("--") {
            let option = arguments[1]
            if option == "--verbose" {
                verbose = true
                arguments.remove(at: 1)
                continue
            }
            guard arguments.count >= 3, !arguments[2].isEmpty else {
                throw RuntimeError("\(option) needs a value")
            }
            let value = arguments[2]
            switch option {
            case "--out": outputFolder = value
            case "--record": recordPath = value
            case "--against": againstPath = value
            case "--seeds": seeds = try RunOptions.seeds(value)
            case "--html": htmlPath = value
            default: throw RuntimeError("unknown option '\(option)' for run")
            }
            arguments.removeSubrange(1...2)
        }
    }

    /// ADV_VERBOSE set to anything but "" or "0".
    static var verboseFromEnvironment: Bool {
        let value = ProcessInfo.processInfo.environment["ADV_VERBOSE"] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// "1,2,3" or "1-5" (or a mix, "1-3,7"): distinct positive seeds, in the order given.
    static func seeds(_ text: String) throws(RuntimeError) -> [Int] {
        var seeds: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(ends.count), let low = ends.first ?? nil, let high = ends.last ?? nil,
                low >= 1, low <= high, high - low < 1000
            else {
                throw RuntimeError("--seeds takes seeds like 1,2,3 or 1-5, got '\(text)'")
            }
            for seed in low...high where !seeds.contains(seed) { seeds.append(seed) }
        }
        return seeds
    }
}
