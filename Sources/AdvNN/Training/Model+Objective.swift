import AdvAutograd
import AdvTensor

/// One minibatch's training objective (without weight decay) and its gradients.
struct ObjectiveStep {
    /// The objective's value.
    var value: Float
    /// Misclassified examples of the clean minibatch, in the mode of the step.
    var errors: Int
    /// The gradients of `value` with respect to the trainable parameters, in their order.
    var gradients: [Tensor]
}

extension Model {
    /// The value and parameter gradients of `objective` on a minibatch `x` [n, inputs], `labels`.
    ///
    /// Adversarial (Goodfellow 2015 eq. 6): the FGSM direction is the sign of the gradient of the
    /// clean term itself (the same forward pass, so in training mode with the same dropout masks);
    /// the adversarial term `J(clip(x + eps sign(g), 0, 1))` is a second forward pass with freshly
    /// drawn masks, in which the perturbed input is a constant: no gradient flows through the sign.
    /// Two forward and two backward passes per minibatch.
    func objectiveStep(
        _ x: Tensor, labels: [Int], objective: TrainingOptions.Objective, trainable: [Int], mode: Mode,
        generator: inout SeededGenerator
    ) throws -> ObjectiveStep {
        switch objective {
        case .plain:
            let clean = try lossTerm(
                x, labels: labels, trainable: trainable, inputGradient: false, mode: mode, generator: &generator)
            return ObjectiveStep(value: clean.loss, errors: clean.errors, gradients: clean.gradients)
        case .adversarial(let eps, let alpha):
            let clean = try lossTerm(
                x, labels: labels, trainable: trainable, inputGradient: true, mode: mode, generator: &generator)
            let perturbation = (clean.inputGradient ?? Tensor.zeros(x.shape)).sign() * eps
            let adversarial = try (x + perturbation).clipped(min: 0, max: 1)
            return try combine(
                clean, alpha, adversarial, labels: labels, trainable: trainable, mode: mode, generator: &generator)
        case .noise(let noise, let eps, let alpha):
            let clean = try lossTerm(
                x, labels: labels, trainable: trainable, inputGradient: false, mode: mode, generator: &generator)
            let perturbation = try Model.noise(noise, eps: eps, shape: x.shape, using: &generator)
            let noisy = try (x + perturbation).clipped(min: 0, max: 1)
            return try combine(
                clean, alpha, noisy, labels: labels, trainable: trainable, mode: mode, generator: &generator)
        case .reconstruction:
            let tape = Tape()
            let variables = variables(on: tape, trainable: trainable)
            let output = try reconstruction(tape.constant(x), parameters: variables, mode: mode, generator: &generator)
            // Squared error summed over pixels, averaged over examples.
            let loss = try (output - tape.constant(x)).squared().sum() * (1 / Float(Swift.max(x.shape[0], 1)))
            let gradients = try tape.gradients(of: loss, wrt: trainable.map { variables[$0] })
            return ObjectiveStep(value: loss.value.scalars.first ?? 0, errors: 0, gradients: gradients)
        }
    }

    /// `alpha * clean + (1 - alpha) * J(perturbed)`, values and gradients.
    private func combine(
        _ clean: LossTerm, _ alpha: Float, _ perturbed: Tensor, labels: [Int], trainable: [Int], mode: Mode,
        generator: inout SeededGenerator
    ) throws -> ObjectiveStep {
        let other = try lossTerm(
            perturbed, labels: labels, trainable: trainable, inputGradient: false, mode: mode, generator: &generator)
        var gradients: [Tensor] = []
        for (a, b) in zip(clean.gradients, other.gradients) { gradients.append(try a * alpha + b * (1 - alpha)) }
        return ObjectiveStep(
            value: alpha * clean.loss + (1 - alpha) * other.loss, errors: clean.errors, gradients: gradients)
    }

    private struct LossTerm {
        var loss: Float
        var errors: Int
        var gradients: [Tensor]
        var inputGradient: Tensor?
    }

    /// The mean loss J at `x`, its gradients for the trainable parameters and optionally for `x`.
    private func lossTerm(
        _ x: Tensor, labels: [Int], trainable: [Int], inputGradient: Bool, mode: Mode, generator: inout SeededGenerator
    ) throws -> LossTerm {
        let tape = Tape()
        let input = inputGradient ? tape.variable(x) : tape.constant(x)
        let variables = variables(on: tape, trainable: trainable)
        let z = try logits(input, parameters: variables, mode: mode, generator: &generator)
        let loss = try meanLoss(z, labels: labels)
        var gradients = try tape.gradients(
            of: loss, wrt: (inputGradient ? [input] : []) + trainable.map { variables[$0] })
        let dx = inputGradient ? gradients.removeFirst() : nil
        let errors = try zip(z.value.argmaxRows(), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
        return LossTerm(loss: loss.value.scalars.first ?? 0, errors: errors, gradients: gradients, inputGradient: dx)
    }

    /// Every parameter on `tape`: a variable if trainable, else a constant.
    private func variables(on tape: Tape, trainable: [Int]) -> [Variable] {
        let wanted = Set(trainable)
        return parameters.indices.map {
            wanted.contains($0) ? tape.variable(parameters[$0]) : tape.constant(parameters[$0])
        }
    }

    /// Random `+-eps` per entry (`.sign`) or uniform in [-eps, eps) (`.uniform`).
    static func noise(_ kind: TrainingOptions.Noise, eps: Float, shape: [Int], using generator: inout SeededGenerator)
        throws -> Tensor
    {
        switch kind {
        case .sign:
            var scalars = [Float](repeating: eps, count: shape.reduce(1, *))
            for i in scalars.indices where generator.next() & 1 == 0 { scalars[i] = -eps }
            return try Tensor(shape: shape, scalars: scalars)
        case .uniform:
            return uniform(shape, low: -eps, high: eps, using: &generator)
        }
    }
}
