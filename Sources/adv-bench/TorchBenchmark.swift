import AdvNN

/// `adv-bench torch`: issue 7's table. The maxout workload (batch 100, dropout, max-norm, SGD with
/// momentum) in adv and in PyTorch, alternating on the same machine: plain training, FGSM-adversarial
/// training (eps .25, alpha .5), and FGSM generate + evaluate; examples/s, the ratio adv / torch,
/// and each side's share of the machine limit (the workload's products at bare sgemm speed,
/// measured in the same run).
struct TorchBenchmark: Benchmark {
    let name = "torch"
    let summary = "issue 7: maxout training, adversarial training, FGSM; adv against PyTorch"

    /// The baseline's name for each pass.
    static let workloadNames: [Workload.Pass: String] = [
        .training: "train", .adversarialTraining: "adversarial", .fgsmEvaluate: "fgsm",
    ]

    func run(_ context: BenchContext) throws {
        let settings = context.settings
        let baseline = TorchBaseline(settings.baseline)
        let missing = baseline.unavailableReason
        var torchVersion = "-"
        let workload = Workload.maxout
        let runner = AdvRunner()
        print(
            "adv against PyTorch on \(workload.name), batch \(workload.batch), \(settings.rounds) alternating round(s) of \(settings.torchSeconds) s each"
        )
        if let missing { print("PyTorch baseline skipped: \(missing)") }
        var table = Table([
            "workload", "threads", "MFLOP/ex", "adv ex/s", "torch ex/s", "adv/torch", "limit ex/s", "adv % limit",
            "torch % limit",
        ])
        var epochs: [String] = []
        for threads in settings.threads {
            var epoch: [Workload.Pass: (adv: Double, torch: Double)] = [:]
            for pass in Workload.Pass.allCases {
                let model = AdvRunner.maxoutModel()
                var adv: [Double] = []
                var torch: [Double] = []
                for _ in 0..<settings.rounds {
                    let seconds = try runner.secondsPerExample(
                        pass, model: model, threads: threads, warmUp: settings.warmUp, budget: settings.torchSeconds)
                    adv.append(1 / seconds)
                    if missing == nil, let name = TorchBenchmark.workloadNames[pass] {
                        let result = try baseline.measure(name, seconds: settings.torchSeconds, threads: threads)
                        torch.append(result.examplesPerSecond)
                        torchVersion = result.torch
                    }
                }
                let limit = Double(workload.batch) / (try context.gemm.rawSeconds(workload, pass, threads: threads))
                let advRate = median(adv)
                let torchRate = torch.isEmpty ? Double.nan : median(torch)
                table.rows.append([
                    TorchBenchmark.label(pass), "\(threads)", format(workload.flopsPerExample(pass) / 1e6, digits: 2),
                    grouped(advRate), grouped(torchRate), format(advRate / torchRate, digits: 2), grouped(limit),
                    format(100 * advRate / limit, digits: 0) + "%",
                    torch.isEmpty ? "-" : format(100 * torchRate / limit, digits: 0) + "%",
                ])
                epoch[pass] = (60_000 / advRate, 60_000 / torchRate)
            }
            let plain = epoch[.training] ?? (.nan, .nan)
            let adversarial = epoch[.adversarialTraining] ?? (.nan, .nan)
            var line =
                "one epoch of 60,000, \(threads) thread(s), plain / adversarial: adv \(format(plain.adv)) s / \(format(adversarial.adv)) s"
            if missing == nil { line += ", torch \(format(plain.torch)) s / \(format(adversarial.torch)) s" }
            epochs.append(line)
        }
        print(table.text)
        print(
            "torch \(torchVersion); limit: the pass's matrix products alone at bare sgemm speed (same run, same threads)"
        )
        for line in epochs { print(line) }
        print("issue 7 target: adv/torch >= 2.0 with 2 threads for all three workloads")
    }

    static func label(_ pass: Workload.Pass) -> String {
        switch pass {
        case .training: return "maxout training"
        case .adversarialTraining: return "FGSM-adversarial training"
        case .fgsmEvaluate: return "FGSM generate + evaluate"
        }
    }

    private func median(_ values: [Double]) -> Double { Timing(seconds: values).median }
}
