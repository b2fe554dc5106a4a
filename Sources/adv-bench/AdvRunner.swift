import AdvData
import AdvNN
import AdvTensor

/// adv's side of the benchmarks: whole minibatch passes through adv's public training and attack
/// paths (`train`, `Attacks.fgsm`, `Metrics.evaluate`), timed per call over a random set.
///
/// Pixel values do not change the speed, so the data is uniform noise of MNIST's shape with random
/// labels, like the PyTorch baseline's.
struct AdvRunner {
    /// Minibatches per timed call: one call of `train` is one epoch over `batches` minibatches, so
    /// its per-call set-up (optimizer state, permutation) is spread over them as in a real epoch.
    var batches = 20
    var batch = 100

    /// `count` random examples [count, 784] with labels 0-9.
    static func randomSet(_ count: Int, seed: UInt64) throws -> ExampleSet {
        var generator = SeededGenerator(seed: seed)
        let images = Tensor.uniform([count, 784], using: &generator)
        let labels = (0..<count).map { _ in generator.nextIndex(below: 10) }
        return try ExampleSet(images: images, labels: labels, name: "random[\(count)]")
    }

    /// The maxout recipe's network (dropout, max-norm), freshly initialised.
    static func maxoutModel() -> Model { Model.maxout(seed: 3) }

    /// 784 -> 1200 relu -> 10, no weight decay, freshly initialised.
    static func fullyConnectedModel() -> Model {
        Model.fullyConnected(hidden: [1200], activation: .relu, l2: [], seed: 3)
    }

    /// Median seconds per example of `pass` on `model` with `threads` OpenBLAS threads.
    func secondsPerExample(
        _ pass: Workload.Pass, model: Model, threads: Int, warmUp: Double, budget: Double
    ) throws -> Double {
        BLAS.threads = threads
        let set = try AdvRunner.randomSet(batches * batch, seed: 7)
        var options = TrainingOptions()
        options.epochs = 1
        options.batchSize = batch
        let timing: Timing
        switch pass {
        case .training, .adversarialTraining:
            options.objective = pass == .training ? .plain : .adversarial(eps: 0.25, alpha: 0.5)
            timing = try Timing.measure(warmUp: warmUp, budget: budget) {
                try train(model, on: set, options: options)
                model.trainingLog.removeAll()
            }
        case .pgdEvaluate:
            timing = try Timing.measure(warmUp: warmUp, budget: budget) {
                var generator = SeededGenerator(seed: 5)
                let adversarial = try Attacks.pgd(
                    model, set.images, labels: set.labels, eps: 0.3, steps: Workload.pgdSteps, stepSize: 0.01,
                    randomStart: true, using: &generator)
                let evaluation = try Metrics.evaluate(model, adversarial, labels: set.labels)
                guard evaluation.count == set.count else {
                    throw BenchError("evaluated \(evaluation.count) of \(set.count) examples")
                }
            }
        case .fgsmEvaluate:
            timing = try Timing.measure(warmUp: warmUp, budget: budget) {
                let adversarial = try Attacks.fgsm(model, set.images, labels: set.labels, eps: 0.25)
                let evaluation = try Metrics.evaluate(model, adversarial, labels: set.labels)
                guard evaluation.count == set.count else {
                    throw BenchError("evaluated \(evaluation.count) of \(set.count) examples")
                }
            }
        }
        return timing.median / Double(set.count)
    }
}
