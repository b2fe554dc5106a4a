import AdvNN

/// `adv-bench torch`: issue 7's table. The maxout workload (batch 100, dropout, max-norm, SGD with
/// momentum) in adv, in PyTorch and in numpy + OpenBLAS, alternating on the same machine (adv, torch,
/// numpy in each round): plain training, FGSM-adversarial training (eps .25, alpha .5), and FGSM
/// generate + evaluate, and (issue 19) PGD generate + evaluate (40 steps, blocks of 1,000); examples/s, each side's share of the machine limit (the workload's products
/// at bare sgemm speed, measured in the same run), and the ratios adv / torch and adv / numpy (the
/// median of the rounds' ratios).
struct TorchBenchmark: Benchmark {
    let name = "torch"
    let summary = "issue 7: maxout training, adversarial training, FGSM; adv against PyTorch and numpy"

    /// The baselines' name for each pass.
    static let workloadNames: [Workload.Pass: String] = [
        .training: "train", .adversarialTraining: "adversarial", .fgsmEvaluate: "fgsm", .pgdEvaluate: "pgd",
    ]

    func run(_ context: BenchContext) throws {
        let settings = context.settings
        let all = [PythonBaseline.torch(settings.baseline), PythonBaseline.numpy(settings.numpyBaseline)]
        var baselines: [PythonBaseline] = []
        var versions: [String] = []
        let workload = Workload.maxout
        let runner = AdvRunner()
        print(
            "adv against PyTorch and numpy on \(workload.name), batch \(workload.batch) (attacks in blocks of \(workload.attackBatch)), \(settings.rounds) alternating round(s) of \(settings.torchSeconds) s each"
        )
        for baseline in all {
            if let missing = baseline.unavailableReason {
                print("\(baseline.name) baseline skipped: \(missing)")
            } else {
                baselines.append(baseline)
            }
        }
        let names = all.map(\.name)
        var table = Table(
            ["workload", "threads", "MFLOP/ex", "limit ex/s", "adv ex/s"] + names.map { "\($0) ex/s" }
                + names.map { "adv/\($0)" })
        var epochs: [String] = []
        var measured: [(threads: Int, pass: Workload.Pass, adv: Double, baselines: [Double], ratios: [Double])] = []
        for threads in settings.threads {
            /// Seconds per epoch of 60,000 for each pass: adv's, then each baseline's by name.
            var epoch: [Workload.Pass: (adv: Double, baselines: [String: Double])] = [:]
            for pass in Workload.Pass.allCases {
                let model = AdvRunner.maxoutModel()
                var adv: [Double] = []
                var rates: [String: [Double]] = [:]
                for _ in 0..<settings.rounds {
                    let seconds = try runner.secondsPerExample(
                        pass, model: model, threads: threads, warmUp: settings.warmUp, budget: settings.torchSeconds)
                    adv.append(1 / seconds)
                    guard let workloadName = TorchBenchmark.workloadNames[pass] else { continue }
                    for baseline in baselines {
                        let result = try baseline.measure(
                            workloadName, seconds: settings.torchSeconds, threads: threads)
                        rates[baseline.name, default: []].append(result.examplesPerSecond)
                        let version = "\(baseline.name) \(result.version)"
                        if !versions.contains(version) { versions.append(version) }
                    }
                }
                let advRate = median(adv)
                let baselineRates = names.map { rates[$0].map(median) ?? .nan }
                // A round's adv and baseline rates are taken seconds apart, so their ratio shares the
                // host's slower or faster minute; a ratio of two medians may pair different ones.
                let ratios = names.map { name in
                    rates[name].map { median(zip(adv, $0).map { $0 / $1 }) } ?? .nan
                }
                measured.append((threads, pass, advRate, baselineRates, ratios))
                epoch[pass] = (
                    60_000 / advRate, Dictionary(uniqueKeysWithValues: zip(names, baselineRates.map { 60_000 / $0 }))
                )
            }
            let plain = epoch[.training]
            let adversarial = epoch[.adversarialTraining]
            func seconds(_ plain: Double?, _ adversarial: Double?) -> String {
                "\(format(plain ?? .nan)) s / \(format(adversarial ?? .nan)) s"
            }
            var line =
                "one epoch of 60,000, \(threads) thread(s), plain / adversarial: adv \(seconds(plain?.adv, adversarial?.adv))"
            for baseline in baselines {
                line +=
                    ", \(baseline.name) \(seconds(plain?.baselines[baseline.name], adversarial?.baselines[baseline.name]))"
            }
            epochs.append(line)
        }
        // NOTE: the limits are measured after every workload: a bare sgemm threaded by OpenBLAS
        // leaves its worker thread spinning on the second core for the rest of the process
        // (seen with `top -H`), which would slow every 2-thread adv measurement taken after it.
        for (threads, pass, advRate, baselineRates, ratios) in measured {
            let limit = Double(workload.batch(pass)) / (try context.gemm.rawSeconds(workload, pass, threads: threads))
            table.rows.append(
                [
                    TorchBenchmark.label(pass), "\(threads)", format(workload.flopsPerExample(pass) / 1e6, digits: 2),
                    grouped(limit),
                ] + ([advRate] + baselineRates).map { rateAndShare($0, of: limit) }
                    + ratios.map { format($0, digits: 2) })
        }
        print(table.text)
        print(
            "limit: the pass's matrix products alone at bare sgemm speed (same run, same threads); (n%): a rate's share of it;"
                + " adv/x: the median of each round's ratio"
        )
        print("baselines: \(versions.isEmpty ? "none" : versions.joined(separator: ", "))")
        for line in epochs { print(line) }
        print("issue 7 target: adv/torch >= 2.0 with 2 threads for the first three workloads; issue 19: >= 1.5 for PGD")
    }

    static func label(_ pass: Workload.Pass) -> String {
        switch pass {
        case .training: return "maxout training"
        case .adversarialTraining: return "FGSM-adversarial training"
        case .fgsmEvaluate: return "FGSM generate + evaluate"
        case .pgdEvaluate: return "PGD-\(Workload.pgdSteps) generate + evaluate"
        }
    }

    private func median(_ values: [Double]) -> Double { Timing(seconds: values).median }
}
