import AdvNN
import AdvTensor

/// `adv-bench gan`: one GAN training step on 100 real images of the paper's MNIST pair (G
/// 100-1200-1200-784, D maxout 240x5 x2 with dropout) in adv (`train PAIR` on the tape-free path)
/// and in PyTorch (Benchmarks/torch_gan.py), alternating rounds, under both updates: Algorithm 1 as
/// written (a discriminator update on 100 samples, then a generator update on 100 more) and the
/// authors' (`simultaneous`, what gan.adv trains with: both networks' gradients from one sample
/// and one pass of D). Real examples per second, each side's share of the step's machine limit
/// (its products at bare sgemm speed, measured in the same run) and the ratio.
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
        var table = Table(["workload", "threads", "MFLOP/ex", "limit ex/s", "adv ex/s", "torch ex/s", "adv/torch"])
        let set = try AdvRunner.randomSet(2000, seed: 7)
        var versions: Set<String> = []
        for update in GANOptions.Update.allCases {
            var options = GANOptions()
            options.training.epochs = 1
            options.traceUpdates = 0
            options.update = update
            let batch = options.training.batchSize
            let products = GANBenchmark.stepProducts(batch: batch, update: update)
            let baselineWorkload = update == .alternating ? "gan" : "gan-simultaneous"
            var measured: [(threads: Int, adv: Double, torch: Double, ratio: Double)] = []
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
                        let result = try torch.measure(baselineWorkload, seconds: settings.torchSeconds, threads: threads)
                        baseline.append(result.examplesPerSecond)
                        versions.insert("torch \(result.version)")
                    }
                }
                let advRate = Timing(seconds: adv).median
                let torchRate = baseline.isEmpty ? Double.nan : Timing(seconds: baseline).median
                let ratio = baseline.isEmpty ? Double.nan : Timing(seconds: zip(adv, baseline).map { $0 / $1 }).median
                measured.append((threads, advRate, torchRate, ratio))
            }
            // The limits come last: a bare sgemm threaded by OpenBLAS leaves a worker spinning for
            // the rest of the process (TorchBenchmark's note), which would slow what is measured after it.
            let flops = products.reduce(0) { $0 + $1.flops } / Double(batch)
            for (threads, advRate, torchRate, ratio) in measured {
                let limit = Double(batch) / (try context.gemm.rawSeconds(products, threads: threads))
                table.rows.append([
                    update == .alternating ? "GAN step (D then G)" : "GAN step (simultaneous)", "\(threads)",
                    format(flops / 1e6, digits: 2), grouped(limit), rateAndShare(advRate, of: limit),
                    rateAndShare(torchRate, of: limit), ratio.isFinite ? format(ratio, digits: 2) : "-",
                ])
            }
        }
        print(table.text)
        print(
            "limit: the step's matrix products alone at bare sgemm speed (same run, same threads); (n%): a rate's share of it"
        )
        print("baselines: \(versions.isEmpty ? "none" : versions.sorted().joined(separator: ", "))")
        print("issue 20 target: adv/torch >= 1.5")
    }

    /// The matrix products of one step as `GANTrainer` runs it on `batch` real rows.
    ///
    /// Alternating: the discriminator step (G forward; D forward and backward to its weights on the
    /// real and the generated rows together, no gradient to D's input), then the generator step (G
    /// and D forward; D backward to its input only; G backward to its weights, not to the noise).
    /// Simultaneous: G forward; D forward on the samples; D backward to its input only and G
    /// backward to its weights (the generator's objective); D backward to its weights on the
    /// samples; D forward and backward to its weights on the real rows.
    static func stepProducts(batch: Int, update: GANOptions.Update) -> [GEMMShape] {
        let g = Workload(name: "generator", layers: [(100, 1200), (1200, 1200), (1200, 784)], batch: batch)
        let both = Workload(name: "discriminator", layers: [(784, 1200), (240, 1200), (240, 1)], batch: 2 * batch)
        var d = both
        d.batch = batch
        let gLayers = Array(g.layers.indices)
        let dLayers = Array(d.layers.indices)
        let generatorBackward = gLayers.map(g.weightGradient) + gLayers.dropFirst().map(g.inputGradient)
        switch update {
        case .alternating:
            let discriminatorStep =
                gLayers.map(g.forward) + dLayers.map(both.forward) + dLayers.map(both.weightGradient)
                + dLayers.dropFirst().map(both.inputGradient)
            let generatorStep =
                gLayers.map(g.forward) + dLayers.map(d.forward) + dLayers.map(d.inputGradient) + generatorBackward
            return discriminatorStep + generatorStep
        case .simultaneous:
            let discriminatorPass = dLayers.map(d.forward) + dLayers.map(d.weightGradient)
                + dLayers.dropFirst().map(d.inputGradient)
            return gLayers.map(g.forward) + dLayers.map(d.forward) + dLayers.map(d.inputGradient) + generatorBackward
                + dLayers.map(d.weightGradient) + dLayers.dropFirst().map(d.inputGradient) + discriminatorPass
        }
    }
}
