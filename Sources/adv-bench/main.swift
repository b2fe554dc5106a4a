import Foundation

/// adv-bench SUBCOMMAND [options]: benchmarks of adv's numeric stack and of whole workloads.
func usage() -> String {
    let width = Benchmarks.all.map(\.name.count).max() ?? 0
    let lines = Benchmarks.all.map {
        "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)"
    }
    return
        (["usage: adv-bench SUBCOMMAND [options]", "subcommands:"] + lines
        + [
            "  \("all".padding(toLength: width, withPad: " ", startingAt: 0))  all of the above, in order",
            Settings.usage,
        ]).joined(separator: "\n")
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, !["-h", "--help", "help"].contains(command) else {
    print(usage())
    exit(arguments.isEmpty ? 64 : 0)
}
do {
    let settings = try Settings(Array(arguments.dropFirst()))
    let chosen = command == "all" ? Benchmarks.all : Benchmarks.all.filter { $0.name == command }
    guard !chosen.isEmpty else { throw BenchError("unknown subcommand \(command)\n\(usage())") }
    let context = BenchContext(settings: settings, gemm: GEMMMeter(settings))
    print(Machine.header(settings))
    for benchmark in chosen {
        print("")
        try benchmark.run(context)
    }
} catch {
    FileHandle.standardError.write(Data("adv-bench: \(error)\n".utf8))
    exit(1)
}
