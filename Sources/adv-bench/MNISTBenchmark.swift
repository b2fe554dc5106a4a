import Foundation
import AdvData
import AdvNN
import AdvTensor

/// Issue 4's benchmark on the real data: FGSM over the 10,000 MNIST test images, and one epoch of
/// plain and of adversarial (eps .25, alpha .5) maxout-240 training over the 60,000 training images,
/// each timed once per thread count (an epoch is long enough to need no repetition).
struct MNISTBenchmark: Benchmark {
    let name = "mnist"
    let summary = "real MNIST: FGSM over the 10k test set, one epoch of plain / adversarial maxout-240 training"

    func run(_ context: BenchContext) throws {
        let mnist = try MNIST.load()
        var table = Table(["workload (real MNIST, batch 100)", "threads", "seconds", "examples/s", "test error after"])
        for threads in context.settings.threads {
            BLAS.threads = threads
            for objective in [TrainingOptions.Objective.plain, .adversarial(eps: 0.25, alpha: 0.5)] {
                let model = Model.maxout(seed: 1)
                var options = TrainingOptions()
                options.epochs = 1
                options.objective = objective
                let started = ContinuousClock.now
                try train(model, on: mnist.train, options: options)
                let seconds = (ContinuousClock.now - started).seconds
                let error = try Metrics.evaluate(model, mnist.test.images, labels: mnist.test.labels).error
                let label = objective == .plain ? "one epoch, maxout-240" : "one epoch, maxout-240, adversarial"
                table.rows.append([label, "\(threads)", format(seconds), format(Double(mnist.train.count) / seconds), format(Double(error))])
            }
            let model = Model.maxout(seed: 1)
            let started = ContinuousClock.now
            let adversarial = try Attacks.fgsm(model, mnist.test.images, labels: mnist.test.labels, eps: 0.25)
            _ = try Metrics.evaluate(model, adversarial, labels: mnist.test.labels)
            let seconds = (ContinuousClock.now - started).seconds
            table.rows.append(["FGSM + evaluate, 10k test", "\(threads)", format(seconds), format(Double(mnist.test.count) / seconds), "-"])
        }
        print(table.text)
    }

    private func format(_ x: Double) -> String { x >= 100 ? String(Int(x.rounded())) : String(format: "%.3g", x) }
}
