import AdvData
import AdvTensor

/// What a GAN run's checkpoint keeps beyond the weights, momentum buffers and generator words that
/// `TrainingCheckpoint` holds for every run: where the generator's tensors end (the discriminator's
/// follow), each network's update count (each has its own learning-rate schedule), the epochs'
/// reports and the trace of the first generator updates.
struct GANCheckpointState: Codable {
    var generatorTensors: Int
    var generatorUpdates: Int
    var discriminatorUpdates: Int
    var reports: [GANEpochReport]
    var traceFakeScore: [Float]
    var traceGradientNorm: [Float]
}

extension TrainingCheckpoint {
    /// What must match for a checkpoint to continue this GAN run: both networks (layers and
    /// starting weights), the noise, the options (with the trace's length) and the training images.
    static func fingerprint(_ gan: GAN, set: ExampleSet, options: GANOptions) -> String {
        let (g, d) = (gan.generator, gan.discriminator)
        return fingerprint(
            describing: "gan, noise \(gan.noise.rawValue)\n\(g.name)\n\(g.layers)\n\(d.name)\n\(d.layers)\n"
                + "\(options.summary), trace \(options.traceUpdates)\n",
            tensors: g.parameters + d.parameters + [set.images], labels: [])
    }

    /// The state of `trainer` after `result.epochs.count` epochs.
    init(fingerprint: String, _ trainer: GANTrainer, _ result: GANResult) {
        let (g, d) = (trainer.gan.generator, trainer.gan.discriminator)
        let state = trainer.state
        let parameters = g.parameters + d.parameters
        self.init(
            fingerprint: fingerprint, epoch: result.epochs.count,
            updates: state.generatorUpdates + state.discriminatorUpdates,
            generator: state.generator, reports: [], bestEpoch: nil, bestError: nil, stoppedEarly: false,
            shapes: (parameters + state.velocities).map(\.shape),
            gan: GANCheckpointState(
                generatorTensors: g.parameters.count, generatorUpdates: state.generatorUpdates,
                discriminatorUpdates: state.discriminatorUpdates, reports: result.epochs,
                traceFakeScore: result.traceFakeScore, traceGradientNorm: result.traceGradientNorm),
            parameters: parameters, velocities: state.velocities)
    }

    /// Puts this checkpoint's weights, momentum, generator and update counts into `trainer` and its
    /// pair; returns the run's result so far. Throws when it was not written by a GAN of this shape.
    func restore(into trainer: GANTrainer) throws -> GANResult {
        let (g, d) = (trainer.gan.generator, trainer.gan.discriminator)
        guard let gan, gan.generatorTensors == g.parameters.count,
            parameters.count == g.parameters.count + d.parameters.count, bestParameters.isEmpty
        else {
            throw TensorError(op: "train", message: "the checkpoint does not fit the pair \(g.name), \(d.name)")
        }
        try g.setParameters(Array(parameters[..<gan.generatorTensors]))
        try d.setParameters(Array(parameters[gan.generatorTensors...]))
        try trainer.restore(
            velocities: velocities, generator: generator, generatorUpdates: gan.generatorUpdates,
            discriminatorUpdates: gan.discriminatorUpdates)
        var result = GANResult()
        result.epochs = gan.reports
        result.traceFakeScore = gan.traceFakeScore
        result.traceGradientNorm = gan.traceGradientNorm
        return result
    }
}

extension GANTrainer {
    /// What a checkpoint keeps of the trainer: both optimizers' momentum buffers (the generator's
    /// then the discriminator's), the generator of noise, dropout masks and orders, the update counts.
    var state: (velocities: [Tensor], generator: [UInt64], generatorUpdates: Int, discriminatorUpdates: Int) {
        (optimizers.generator.velocities + optimizers.discriminator.velocities, randomState, gUpdates, dUpdates)
    }
}
