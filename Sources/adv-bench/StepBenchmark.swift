import AdvNN

/// `adv-bench step`: one full training step (forward, backward, SGD with momentum and max-norm)
/// through adv's `train`, against the bare-sgemm time of the same step's products measured in the
/// same run. Issue 2's target: the step reaches at least 60% of raw GEMM throughput.
struct StepBenchmark: Benchmark {
    let name = "step"
    let summary = "one training step (forward + backward + SGD) against raw GEMM of its shapes"

    func run(_ context: BenchContext) throws {
        let settings = context.settings
        let runner = AdvRunner()
        print(
            "Training step, batch \(runner.batch), through adv's train (\(runner.batches) steps per timed epoch), \(settings.rounds) round(s)"
        )
        var table = Table([
            "network", "threads", "MFLOP/step", "ms/step", "GFLOP/s", "sgemm ms", "sgemm GFLOP/s", "step/sgemm",
        ])
        let cases: [(Workload, () -> Model, String)] = [
            (.fullyConnected, AdvRunner.fullyConnectedModel, "fc 784-1200relu-10"),
            (.maxout, AdvRunner.maxoutModel, "maxout 240x5 x2, dropout"),
        ]
        // NOTE: every step is timed first and every bare sgemm after: a bare sgemm threaded by
        // OpenBLAS leaves its worker thread spinning on the second core for the rest of the process
        // (seen with `top -H`), which would slow the 2-thread steps timed after it.
        var steps: [String: [Double]] = [:]
        for (_, makeModel, label) in cases {
            for threads in settings.threads {
                let model = makeModel()
                for _ in 0..<settings.rounds {
                    steps["\(label) \(threads)", default: []].append(
                        try runner.secondsPerExample(
                            .training, model: model, threads: threads, warmUp: settings.warmUp,
                            budget: settings.stepSeconds) * Double(runner.batch))
                }
            }
        }
        for (workload, _, label) in cases {
            for threads in settings.threads {
                let flops = workload.flopsPerExample(.training) * Double(runner.batch)
                var gemms: [Double] = []
                for _ in 0..<settings.rounds {
                    gemms.append(try context.gemm.rawSeconds(workload, .training, threads: threads, fresh: true))
                }
                let step = Timing(seconds: steps["\(label) \(threads)"] ?? []).median
                let gemm = Timing(seconds: gemms).median
                table.rows.append([
                    label, "\(threads)", format(flops / 1e6, digits: 1), format(step * 1e3, digits: 2),
                    format(flops / step / 1e9),
                    format(gemm * 1e3, digits: 2), format(flops / gemm / 1e9),
                    format(100 * gemm / step, digits: 0) + "%",
                ])
            }
        }
        print(table.text)
        print(
            "step/sgemm: the step's effective GFLOP/s as a share of its products' bare sgemm GFLOP/s (target >= 60%),\n  medians of the rounds"
        )
    }
}
