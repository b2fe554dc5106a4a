import AdvNN
import AdvTensor

/// `adv-bench gan`: one GAN training step (a discriminator update on 100 real images and 100
/// samples, then a generator update on 100 samples) of the paper's MNIST pair (G 100-1200-1200-784,
/// D maxout 240x5 x2 with dropout) in adv (`train PAIR` on the tape-free path) and in PyTorch
/// (Benchmarks/torch_gan.py), alternating rounds; real examples per second and their ratio.
struct GANBenchmark: Benchmark {
    let name = "gan"
    let summary = "issue 20: GAN training steps (Goodfellow et al. 2014's MNIST pair); adv against PyTorch"

    func run(_ context: BenchContext) throws {
        let settings = context.settings
        let torch = PythonBaseline(
            name: "torch", path: "Benchmarks/torch_gan.py", module: "torch",
            installHint: "pip install torch==2.13.0+cpu",
            option: "--baseline")
        let missing = torch.unavailableReason
        if let missing { print("torch baseline skipped: \(missing)") }
        print(
            "GAN steps, batch 100, \(settings.rounds) alternating round(s) of \(settings.torchSeconds) s each"
        )
        var table = Table(["workload", "threads", "adv ex/s", "torch ex/s", "adv/torch"])
        let set = try AdvRunner.randomSet(2000, seed: 7)
        var options = GANOptions()
        options.training.epochs = 1
        options.traceUpdates = 0
        var versions: Set<String> = []
        for threads in settings.threads {
            let gan = try GAN(
                generator: Model.generator(seed: 1), discriminator: Model.discriminator(seed: 2))
            var adv: [Double] = []
            var baseline: [Double] = []
            for _ in 0..<settings.rounds {
                BLAS.threads = threads
                let timing = try Timing.measure(warmUp: settings.warmUp, budget: settings.torchSeconds) {
                    try train(gan, on: set, options: options)
                }
                adv.append(Double(set.count) / timing.median)
                if missing == nil {
                    let result = try torch.measure("gan", seconds: settings.torchSeconds, threads: threads)
                    baseline.append(result.examplesPerSecond)
                    versions.insert("torch \(result.version)")
                }
            }
            let advRate = Timing(seconds: adv).median
            let torchRate = baseline.isEmpty ? Double.nan : Timing(seconds: baseline).median
            let ratio = baseline.isEmpty ? Double.nan : Timing(seconds: zip(adv, baseline).map { $0 / $1 }).median
            table.rows.append([
                "GAN step (D then G)", "\(threads)", grouped(advRate), torchRate.isFinite ? grouped(torchRate) : "-",
                ratio.isFinite ? format(ratio, digits: 2) : "-",
            ])
        }
        print(table.text)
        print("baselines: \(versions.isEmpty ? "none" : versions.sorted().joined(separator: ", "))")
        print("issue 20 target: adv/torch >= 1.5")
    }
}
