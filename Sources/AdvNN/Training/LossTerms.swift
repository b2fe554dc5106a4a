import AdvAutograd
import AdvTensor

/// A classifier's loss on a minibatch in a training step, with its gradients: what every training
/// objective is written on, once (`TrainingOptions.Objective.step`). Two implementations: the tape
/// (`TapeLossTerms`, any model) and the tape-free `DenseNetwork` (the dense families), which agree
/// to float rounding (DenseNetworkTests).
protocol LossTerms {
    /// One term: J at `x` [n, inputs] (the mean loss over the rows, no weight decay) in `mode`,
    /// dropout masks drawn from `generator`. The gradients of `scale * J` with respect to the
    /// `trainable` parameters replace the kept ones, or are added to them with `accumulate` (a
    /// second term landing on the first's); with no `trainable` index the kept ones stay as they
    /// are (a term asked only for its input gradient, as PGD training's steps). Returns J, the
    /// misclassified count and, when asked, the gradient of `scale * J` with respect to `x`.
    mutating func term(
        _ x: Tensor, labels: [Int], trainable: [Int], scale: Float, accumulate: Bool, inputGradient: Bool, mode: Mode,
        generator: inout SeededGenerator
    ) throws -> LossTerm

    /// The kept gradients, one per `trainable` index, in its order.
    func gradients(_ trainable: [Int]) -> [Tensor]

    /// Virtual adversarial training's term: D at `x` [n, inputs], the mean over the rows of
    /// `KL(target_i || softmax(z(x_i)))` for the constant distributions `target` [n, classes], in
    /// `mode`. Its gradients (of `scale * D`) land on the kept ones as `term`'s do; with
    /// `trainable` empty (the power iteration) the kept gradients are left as they are. Returns
    /// D, 0 errors and, when asked, the gradient of `scale * D` with respect to `x`.
    mutating func divergence(
        _ x: Tensor, target: Tensor, trainable: [Int], scale: Float, accumulate: Bool, inputGradient: Bool,
        mode: Mode, generator: inout SeededGenerator
    ) throws -> LossTerm

    /// The model's predictive distribution `softmax(z(x))` [n, classes] in `mode`: a constant.
    mutating func probabilities(_ x: Tensor, mode: Mode, generator: inout SeededGenerator) throws -> Tensor
}

/// What `LossTerms.term` returns.
struct LossTerm {
    /// J, unscaled.
    var loss: Float
    /// Misclassified rows of the minibatch, in the term's mode.
    var errors: Int
    /// The gradient of `scale * J` with respect to the input, when asked for.
    var inputGradient: Tensor?
}

/// One minibatch's training objective (without weight decay) and its gradients.
struct ObjectiveStep {
    /// The objective's value.
    var value: Float
    /// Misclassified examples of the clean minibatch, in the mode of the step.
    var errors: Int
    /// The gradients of `value` with respect to the trainable parameters, in their order.
    var gradients: [Tensor]
}

/// `LossTerms` on a fresh tape per term: any model, any layer.
struct TapeLossTerms: LossTerms {
    let model: Model
    private var kept: [Tensor] = []

    init(_ model: Model) { self.model = model }

    mutating func term(
        _ x: Tensor, labels: [Int], trainable: [Int], scale: Float, accumulate: Bool, inputGradient: Bool, mode: Mode,
        generator: inout SeededGenerator
    ) throws -> LossTerm {
        let tape = Tape()
        let input = inputGradient ? tape.variable(x) : tape.constant(x)
        let variables = model.variables(on: tape, trainable: trainable)
        let z = try model.logits(input, parameters: variables, mode: mode, generator: &generator)
        let loss = try model.meanLoss(z, labels: labels)
        var gradients = try tape.gradients(
            of: loss, wrt: (inputGradient ? [input] : []) + trainable.map { variables[$0] })
        var dx = inputGradient ? gradients.removeFirst() : nil
        if scale != 1 {
            gradients = gradients.map { $0 * scale }
            dx = dx.map { $0 * scale }
        }
        if !trainable.isEmpty {
            kept = accumulate ? try zip(kept, gradients).map { try $0 + $1 } : gradients
        }
        let errors = try zip(model.predictedClasses(outputs: z.value), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
        return LossTerm(loss: loss.value.scalars.first ?? 0, errors: errors, inputGradient: dx)
    }

    func gradients(_ trainable: [Int]) -> [Tensor] { kept }

    /// Replaces the kept gradients with `gradients`, or adds them on with `accumulate`.
    mutating func keep(_ gradients: [Tensor], accumulate: Bool) throws {
        kept = accumulate ? try zip(kept, gradients).map { try $0 + $1 } : gradients
    }
}

extension Model {
    /// Every parameter on `tape`: a variable if trainable, else a constant.
    func variables(on tape: Tape, trainable: [Int]) -> [Variable] {
        let wanted = Set(trainable)
        return parameters.indices.map {
            wanted.contains($0) ? tape.variable(parameters[$0]) : tape.constant(parameters[$0])
        }
    }
}
