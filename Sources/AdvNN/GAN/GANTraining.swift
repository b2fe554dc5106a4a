import AdvData
import AdvTensor
import Foundation

/// How `train(_ gan:...)` runs: SGD with momentum for both networks (the settings of
/// `TrainingOptions`: lr, decay, momentum ramp, dropout, seed; mnist.yaml's are its defaults),
/// `discriminatorSteps` discriminator updates per generator update (the paper's k), and the
/// generator's objective.
public struct GANOptions: Sendable {
    /// The generator's objective (Goodfellow et al. 2014, section 3).
    public enum Objective: String, CaseIterable, Sendable {
        /// Minimise log(1 - D(G(z))): the game's value function; its gradient vanishes while D
        /// rejects the samples confidently, early in training.
        case minimax
        /// Maximise log D(G(z)): the same fixed point, strong gradients early (what the authors'
        /// code trains with).
        case nonsaturating
    }

    /// How a minibatch updates the pair.
    public enum Update: String, CaseIterable, Sendable {
        /// Algorithm 1 as the paper writes it: each discriminator step on its own fresh samples, the
        /// generator's step on fresh noise against the discriminator just updated.
        case alternating
        /// The authors' code (AdversaryCost2 under pylearn2's SGD): one sample G(z) and one pass of D
        /// give both networks' gradients, and both update at once (the generator on every k-th
        /// minibatch, as their `alternate_g` and `Cycler` do).
        case simultaneous
    }

    public var training = TrainingOptions()
    public var discriminatorSteps = 1
    public var objective = Objective.nonsaturating
    public var update = Update.alternating
    /// How many generator updates `GANResult.trace` records from the start.
    public var traceUpdates = 2000

    public init() {}

    public var summary: String {
        let kept = training.summary.components(separatedBy: ", ").filter { !$0.hasPrefix("objective ") }
        // The alternating update says nothing, so the cache keeps the runs made before there was a choice.
        let updateWords = update == .alternating ? [] : ["update \(update.rawValue)"]
        return (kept + ["k \(discriminatorSteps)", "objective \(objective.rawValue)"] + updateWords)
            .joined(separator: ", ")
    }
}

/// One epoch of GAN training: the discriminator's loss `-(1/2)(mean log D(x) + mean log(1 -
/// D(G(z))))` (AdversaryCost2's d_obj), the generator's objective as minimised (nonsaturating: -mean
/// log D(G(z)); minimax: mean log(1 - D(G(z)))), the mean D(x) and D(G(z)) over the epoch's
/// discriminator steps (before each update), the speed in real examples per second.
public struct GANEpochReport: Sendable, Equatable, Codable {
    public let epoch: Int
    public let epochs: Int
    public let discriminatorLoss: Float
    public let generatorLoss: Float
    public let realScore: Float
    public let fakeScore: Float
    public let examplesPerSecond: Double
    public let seconds: Double
}

/// What a GAN run did: its epochs, the first generator updates' mean D(G(z)) and gradient norm
/// (the picture of saturation), and whether Ctrl-C ended it.
public struct GANResult: Sendable {
    public var epochs: [GANEpochReport] = []
    public var traceFakeScore: [Float] = []
    public var traceGradientNorm: [Float] = []
    public var interrupted = false
}

/// Trains `gan` on the images of `set` (labels unused) by the paper's Algorithm 1: every minibatch
/// of real images is one discriminator step with as many fresh samples; after every
/// `discriminatorSteps` of them, one generator step on a fresh noise minibatch (`options.update`
/// says whether that step follows the discriminator's or shares its samples and pass). Updates both models
/// in place; `shouldStop` is polled after every minibatch and keeps the weights so far.
///
/// With a `checkpoint` location the pair's whole state (both networks' weights and momentum, the
/// generator of noise, dropout masks and orders, both update counts, the reports and the trace) is
/// written there after every epoch, as a classifier's run is (`TrainingCheckpoint`): killed and
/// started again, the run ends with the numbers of a run never stopped; finished, it is read back.
@discardableResult
public func train(
    _ gan: GAN, on set: ExampleSet, options: GANOptions, checkpoint: CheckpointLocation? = nil,
    progress: (GANEpochReport) -> Void = { _ in }, shouldStop: () -> Bool = { false }
) throws -> GANResult {
    guard set.count > 0, set.featureCount == gan.discriminator.inputs, options.training.batchSize > 0,
        options.training.epochs >= 0, options.discriminatorSteps > 0
    else {
        throw TensorError(
            op: "train",
            message:
                "\(set.name) \(set.images.shape.shapeDescription) for discriminator \(gan.discriminator.name) with "
                + "\(gan.discriminator.inputs) inputs, batch \(options.training.batchSize), k \(options.discriminatorSteps): "
                + "want a non-empty [n, \(gan.discriminator.inputs)] set and positive sizes")
    }
    let trainer = try GANTrainer(gan, options: options)
    var buffer = MinibatchBuffer(set)
    var result = GANResult()
    let fingerprint = checkpoint.map { _ in TrainingCheckpoint.fingerprint(gan, set: set, options: options) }
    let checkpoint = try fingerprint.flatMap { fingerprint in try checkpoint?.path(fingerprint: fingerprint) }
    if let checkpoint, let saved = try TrainingCheckpoint.read(checkpoint), saved.fingerprint == fingerprint {
        result = try saved.restore(into: trainer)
    }
    let batch = options.training.batchSize
    for epoch in stride(from: result.epochs.count + 1, through: options.training.epochs, by: 1) {
        let started = Date()
        let momentum = options.training.momentum(atEpoch: epoch)
        var sums = (d: 0.0, g: 0.0, real: 0.0, fake: 0.0)
        var (dSteps, gSteps, seen) = (0, 0, 0)
        let order = trainer.permutation(set.count)
        for start in stride(from: 0, to: set.count, by: batch) {
            let (x, _) = try buffer.batch(order[start..<Swift.min(start + batch, set.count)])
            let traced = result.traceFakeScore.count < options.traceUpdates
            let generatorToo = (dSteps + 1) % options.discriminatorSteps == 0
            let d: (loss: Float, real: Float, fake: Float)
            var g: (loss: Float, fake: Float, gradientNorm: Float)?
            switch options.update {
            case .alternating:
                d = try trainer.discriminatorStep(x, momentum: momentum)
                if generatorToo {
                    g = try trainer.generatorStep(count: x.shape[0], momentum: momentum, measuringNorm: traced)
                }
            case .simultaneous:
                (d, g) = try trainer.simultaneousStep(
                    x, momentum: momentum, generatorToo: generatorToo, measuringNorm: traced)
            }
            sums.d += Double(d.loss)
            sums.real += Double(d.real)
            sums.fake += Double(d.fake)
            dSteps += 1
            seen += x.shape[0]
            if let g {
                sums.g += Double(g.loss)
                gSteps += 1
                if traced {
                    result.traceFakeScore.append(g.fake)
                    result.traceGradientNorm.append(g.gradientNorm)
                }
            }
            if shouldStop() {
                result.interrupted = true
                break
            }
        }
        let seconds = Date().timeIntervalSince(started)
        func mean(_ sum: Double, _ count: Int) -> Float { count == 0 ? .nan : Float(sum / Double(count)) }
        result.epochs.append(
            GANEpochReport(
                epoch: epoch, epochs: options.training.epochs, discriminatorLoss: mean(sums.d, dSteps),
                generatorLoss: mean(sums.g, gSteps), realScore: mean(sums.real, dSteps),
                fakeScore: mean(sums.fake, dSteps), examplesPerSecond: Double(seen) / Swift.max(seconds, 1e-9),
                seconds: seconds))
        if let last = result.epochs.last { progress(last) }
        if result.interrupted { break }
        if let checkpoint, let fingerprint {
            try TrainingCheckpoint(fingerprint: fingerprint, trainer, result).write(to: checkpoint)
        }
    }
    let log = "trained as a GAN on \(set.name) (\(set.count) examples): \(options.summary)"
    gan.generator.trainingLog.append(log)
    gan.discriminator.trainingLog.append(log)
    return result
}
