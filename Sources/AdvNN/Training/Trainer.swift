import AdvTensor

/// What one training run keeps from minibatch to minibatch: the optimizer's momentum buffers, the
/// tape-free `DenseNetwork` (or nil: the tape), the seeded generator of dropout masks, noise and
/// the epoch permutations, the trainable parameter indices and the update count of the
/// learning-rate schedule.
///
/// `train(_:on:options:)` runs its epochs through one `Trainer`; a loop written in adv
/// (`t = trainer(net, lr: 0.1)` then `step(t, set[0:100])` per minibatch) runs through one too, so
/// both are the same code and the same seed gives the same numbers. Updates `model` in place.
///
/// Not thread-safe: one trainer per run.
public final class Trainer {
    public let model: Model
    public let options: TrainingOptions
    /// Indices in `model.parameters` that the objective trains.
    let trainable: [Int]
    private var optimizer: Optimizer
    /// Dropout masks, noise and (in `train`) each epoch's permutation, in the order drawn.
    private var generator: SeededGenerator
    /// The tape-free path for the models and objectives it runs; nil for the rest (the tape).
    private let dense: DenseNetwork?
    private let mode: Mode
    /// Virtual adversarial training's unlabelled minibatches, drawn by the update count.
    private var unlabelledBatches: UnlabelledMinibatches?
    /// Updates made so far (t of the learning-rate schedule `lr / lrDecay^t`).
    public private(set) var updates = 0
    /// The learning rate of the last update (`options.learningRate` before the first).
    public private(set) var learningRate: Float

    /// A trainer for `model` with `options`' objective, optimizer settings, dropout and seed
    /// (`epochs`, `batchSize`, validation and patience are the caller's loop's business).
    /// Throws when the options do not fit the model (weight-decay lists, reconstruction without a
    /// decoder).
    public init(_ model: Model, options: TrainingOptions) throws {
        self.model = model
        self.options = options
        trainable = try model.trainableParameters(options)
        optimizer = try Optimizer(model, options: options)
        generator = SeededGenerator(seed: options.seed)
        dense = options.objective.reconstructs ? nil : DenseNetwork(model)
        mode = options.dropout ? .training : .evaluation
        learningRate = options.learningRate
        unlabelledBatches = try UnlabelledMinibatches(model, options: options)
        if case .virtualAdversarial = options.objective, model.loss != .softmaxCrossEntropy {
            throw TensorError(
                op: "train",
                message: "vat needs a softmax model's predictive distribution; model \(model.name) has none")
        }
        if case .doubleBackprop = options.objective,
            let kink = model.layers.first(where: {
                switch $0.kind {
                case .relu: true
                case .maxout: true
                default: false
                }
            })
        {
            // NOTE: the central difference of first-order gradients is a second derivative only
            // where the loss has one: across a kink a unit's gradient jumps by O(1), which the
            // difference divides by h, and training diverges (measured: FC200-200 relu on MNIST,
            // lambda 1, NaN after 55 updates).
            throw TensorError(
                op: "train",
                message: "double backprop differentiates the input gradient by a finite difference, which needs a "
                    + "smooth network; model \(model.name) has \(kink.kind == .relu ? "relu" : "maxout") units (use sigmoid units)"
            )
        }
    }

    /// What a checkpoint keeps of the trainer: the momentum buffers, the generator and the update count.
    var state: (velocities: [Tensor], generator: [UInt64], updates: Int) {
        (optimizer.velocities, generator.stateWords, updates)
    }

    /// Continues from a checkpoint's `state`.
    func restore(velocities: [Tensor], generator words: [UInt64], updates: Int) throws {
        guard velocities.map(\.shape) == optimizer.velocities.map(\.shape),
            let restored = SeededGenerator(stateWords: words)
        else { throw TensorError(op: "train", message: "the checkpoint does not fit model \(model.name)") }
        optimizer.velocities = velocities
        generator = restored
        self.updates = updates
        learningRate = options.learningRate(afterUpdates: Double(max(updates - 1, 0)))
    }

    /// A permutation of `0..<count` from the trainer's generator: `train` draws each epoch's
    /// minibatch order here, between the steps' dropout draws, as it always has.
    public func permutation(_ count: Int) -> [Int] { generator.permutation(count) }

    /// One step on the minibatch `x` [n, inputs] with `labels` (n class indices): the objective's
    /// value and gradients, then one SGD update with momentum (`options.momentum(atEpoch: 1)` when
    /// nil), weight decay and max-norm at the schedule's learning rate.
    ///
    /// Returns the objective's value on the minibatch (without weight decay) and the clean
    /// minibatch's misclassified count, both from the forward pass before the update.
    @discardableResult
    public func step(_ x: Tensor, labels: [Int], momentum: Float? = nil) throws -> (loss: Float, errors: Int) {
        guard x.rank == 2, x.shape[0] > 0, x.shape[1] == model.inputs, labels.count == x.shape[0] else {
            throw TensorError(
                op: "train step",
                message:
                    "minibatch \(x.shape.shapeDescription) with \(labels.count) labels for model \(model.name) "
                    + "with \(model.inputs) inputs: want [n, \(model.inputs)] with n > 0 and n labels")
        }
        let unlabelled = try unlabelledBatches?.batch(update: updates)
        let step =
            try dense?.objectiveStep(
                x, labels: labels, objective: options.objective, trainable: trainable, mode: mode,
                generator: &generator, unlabelled: unlabelled)
            ?? model.objectiveStep(
                x, labels: labels, objective: options.objective, trainable: trainable, mode: mode,
                generator: &generator, unlabelled: unlabelled)
        learningRate = options.learningRate(afterUpdates: Double(updates))
        try optimizer.update(
            model, gradients: Array(zip(trainable, step.gradients)), learningRate: learningRate,
            momentum: momentum ?? options.momentum(atEpoch: 1))
        updates += 1
        return (step.value, step.errors)
    }

    /// The weight-decay penalty `sum l2 ||W||^2 + l1 ||W||_1` at the model's current weights (what
    /// the reported loss adds to the minibatch objectives).
    public var penalty: Float { optimizer.penalty(model) }
}
