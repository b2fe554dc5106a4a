import AdvData

/// What a training run does: SGD with momentum over seeded minibatches, with the pylearn2 recipe's
/// learning-rate decay, momentum ramp, max-norm and early stopping, and one of the papers' objectives.
///
/// Defaults are the maxout recipe's (PAPERS.md) except `epochs`, which scripts set.
public struct TrainingOptions: Sendable {
    /// Goodfellow 2015's training objectives.
    public enum Objective: Sendable, Equatable {
        /// The model's loss J(x).
        case plain
        /// Eq. 6: `alpha J(x) + (1 - alpha) J(clip(x + eps sign(grad_x J(x)), 0, 1))`, the adversarial
        /// examples made afresh against the current weights for every minibatch. Without `clip` the
        /// examples stay where the step puts them, up to eps outside [0, 1], as the paper writes
        /// the formula.
        case adversarial(eps: Float, alpha: Float, clip: Bool = true)
        /// The §6 controls: eq. 6 with random noise in place of the FGSM perturbation,
        /// `alpha J(x) + (1 - alpha) J(clip(x + noise, 0, 1))`, fresh noise for every minibatch;
        /// `clip` as for `.adversarial`.
        case noise(Noise, eps: Float, alpha: Float = 0.5, clip: Bool = true)
        /// PGD adversarial training (Madry et al. 2017), eq. 6 with PGD's examples in place of FGSM's:
        /// `alpha J(x) + (1 - alpha) J(x_pgd)`, x_pgd made afresh for every minibatch in the step's
        /// mode by `steps` signed-gradient steps of `stepSize` from x (or, with `randomStart`, a
        /// uniform point of the eps-ball), each projected onto the ball and [0, 1]. Alpha 0 is
        /// Madry's min-max objective.
        case pgd(eps: Float, steps: Int, stepSize: Float, randomStart: Bool = true, alpha: Float = 0)
        /// Autoencoder pretraining: squared reconstruction error of the decoder's output.
        case reconstruction
        /// Miyato et al.'s virtual adversarial training: `J(x) + lambda LDS`, the local
        /// distributional smoothness `KL(p(y|u) || p(y|u + r_vadv))` averaged over unlabelled
        /// inputs u (`TrainingOptions.unlabelled`, else the minibatch itself), `r_vadv` of L2 norm
        /// `eps` found by `iterations` power iterations from a random direction with finite
        /// differences of size `xi` (see `Objective+VirtualAdversarial.swift`).
        case virtualAdversarial(eps: Float, xi: Float = 1e-6, iterations: Int = 1, lambda: Float = 1)
        /// A denoising autoencoder's pretraining (Vincent et al. 2008): the squared error of the
        /// decoder's output for `clip(x + N(0, sd^2), 0, 1)` against the clean x, fresh noise for
        /// every minibatch (the lecture's "removing the perturbation with an autoencoder").
        case denoising(sd: Float)
        /// Double backpropagation (Drucker & LeCun 1992): `J(x) + lambda (1/n) sum_i |grad_x_i J_i|^2`,
        /// each example's own input gradient, its parameter gradient by a central difference of
        /// size `step` along it (see `Objective+DoubleBackprop.swift`).
        case doubleBackprop(lambda: Float, step: Float = 1e-3)

        /// Whether the objective is an autoencoder's (reconstruction, plain or denoising).
        public var reconstructs: Bool {
            switch self {
            case .reconstruction, .denoising: true
            default: false
            }
        }
    }

    /// The noise of the `.noise` objective: random `+-eps` per pixel, or uniform in `[-eps, eps]`.
    public enum Noise: String, CaseIterable, Sendable, Equatable {
        case sign
        case uniform
    }

    /// Which validation error early stopping watches.
    public enum EarlyStopping: String, Sendable, Equatable {
        case clean
        /// Error on the FGSM examples (at the objective's eps, or .25) of the validation set.
        case adversarial
    }

    public var epochs = 10
    public var batchSize = 100
    public var learningRate: Float = 0.1
    /// The learning rate after t updates is `learningRate / lrDecay^t`, floored at `minLearningRate`.
    // NOTE: a Double: as a Float, 1.000004 rounds to 1.0000040531, which after 10^5 updates leaves
    // the rate 0.5% off the recipe's.
    public var lrDecay: Double = 1.000004
    public var minLearningRate: Float = 1e-6
    /// Momentum rises linearly from `momentumStart` at epoch 1 to `momentumEnd` at `momentumRampEpochs`.
    public var momentumStart: Float = 0.5
    public var momentumEnd: Float = 0.7
    public var momentumRampEpochs = 250
    /// Per-layer L1 / L2 coefficients, overriding the model's when set (one value for all
    /// weighted layers, or one per weighted layer).
    public var l1: [Float]?
    public var l2: [Float]?
    /// Overrides every weighted layer's max-norm when set.
    public var maxNorm: Float?
    /// Whether training-mode dropout layers sample masks; false evaluates them as in evaluation mode.
    public var dropout = true
    /// Seeds the minibatch order and the dropout masks and noise.
    public var seed: UInt64 = 1
    /// Scored after every epoch; the best epoch's weights are kept and restored at the end.
    public var validation: ExampleSet?
    /// Stop after this many epochs without a better validation error (nil: never).
    public var patience: Int?
    public var earlyStopOn: EarlyStopping = .clean
    /// Stage 2 of the maxout recipe: stop once the validation loss is at or below this value (the
    /// stage-1 training objective). With it set, the final weights are kept, not the best epoch's.
    public var stopAtValidationLoss: Float?
    public var objective: Objective = .plain
    /// Train only the last weighted layer (the autoencoder's softmax on its frozen code).
    public var trainOnlyLastLayer = false
    /// Virtual adversarial training's unlabelled inputs (labels ignored), drawn `unlabelledBatchSize`
    /// (else `batchSize`) at a time beside every labelled minibatch, in seeded passes of their own.
    public var unlabelled: ExampleSet?
    public var unlabelledBatchSize: Int?

    public init() {}

    /// The settings as `key value` words, for the model's training log and results tables.
    public var summary: String {
        var words = [
            "epochs \(epochs)", "batch \(batchSize)", "lr \(learningRate)", "lr-decay \(lrDecay)",
            "min-lr \(minLearningRate)",
            "momentum \(momentumStart)->\(momentumEnd) over \(momentumRampEpochs) epochs", "dropout \(dropout)",
            "seed \(seed)",
        ]
        if let l1 { words.append("l1 \(l1)") }
        if let l2 { words.append("l2 \(l2)") }
        if let maxNorm { words.append("max-norm \(maxNorm)") }
        if let validation { words.append("validation \(validation.name) (\(validation.count))") }
        if let patience { words.append("patience \(patience) on \(earlyStopOn.rawValue)") }
        if let stopAtValidationLoss { words.append("stop at validation loss \(stopAtValidationLoss)") }
        switch objective {
        case .plain: words.append("objective plain")
        // NOTE: a clipped run's words are those from before `clip` existed: they are part of the
        // model cache's fingerprint (`TrainingCheckpoint.fingerprint`).
        case .adversarial(let eps, let alpha, let clip):
            words.append("objective adversarial eps \(eps) alpha \(alpha)" + (clip ? "" : " unclipped"))
        case .noise(let noise, let eps, let alpha, let clip):
            words.append("objective noise \(noise.rawValue) eps \(eps) alpha \(alpha)" + (clip ? "" : " unclipped"))
        case .pgd(let eps, let steps, let stepSize, let randomStart, let alpha):
            words.append(
                "objective adversarial pgd eps \(eps) steps \(steps) step \(stepSize) random-start \(randomStart) alpha \(alpha)"
            )
        case .reconstruction: words.append("objective reconstruction")
        case .virtualAdversarial(let eps, let xi, let iterations, let lambda):
            words.append("objective vat eps \(eps) xi \(xi) power \(iterations) lambda \(lambda)")
        case .denoising(let sd): words.append("objective denoising sd \(sd)")
        case .doubleBackprop(let lambda, let step):
            words.append("objective double-backprop lambda \(lambda) step \(step)")
        }
        if trainOnlyLastLayer { words.append("last layer only") }
        if let unlabelled {
            words.append(
                "unlabelled \(unlabelled.name) (\(unlabelled.count)) batch \(unlabelledBatchSize ?? batchSize)")
        }
        return words.joined(separator: ", ")
    }
}
