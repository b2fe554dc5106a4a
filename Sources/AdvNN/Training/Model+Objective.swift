import AdvAutograd
import AdvTensor

extension Model {
    /// The value and parameter gradients of `objective` on a minibatch `x` [n, inputs], `labels`,
    /// on the tape: the classifier objectives through `TapeLossTerms`, the autoencoder's
    /// reconstruction error through `reconstructionStep`.
    func objectiveStep(
        _ x: Tensor, labels: [Int], objective: TrainingOptions.Objective, trainable: [Int], mode: Mode,
        generator: inout SeededGenerator, unlabelled: Tensor? = nil
    ) throws -> ObjectiveStep {
        if objective == .reconstruction {
            return try reconstructionStep(x, target: x, trainable: trainable, mode: mode, generator: &generator)
        }
        if case .denoising(let sd) = objective {
            let noisy = try (x + Tensor.normal(x.shape, std: sd, using: &generator)).clipped(min: 0, max: 1)
            return try reconstructionStep(noisy, target: x, trainable: trainable, mode: mode, generator: &generator)
        }
        var terms = TapeLossTerms(self)
        var perturbed = Tensor.zeros([0])
        return try objective.step(
            on: &terms, x, labels: labels, trainable: trainable, mode: mode, perturbed: &perturbed,
            generator: &generator, unlabelled: unlabelled)
    }

    /// Autoencoder pretraining's objective: the squared error of the decoder's output for `x`
    /// against `target` (x itself, or the clean x of a corrupted input), summed over pixels and
    /// averaged over examples, and its gradients.
    private func reconstructionStep(
        _ x: Tensor, target: Tensor, trainable: [Int], mode: Mode, generator: inout SeededGenerator
    ) throws -> ObjectiveStep {
        let tape = Tape()
        let variables = variables(on: tape, trainable: trainable)
        let output = try reconstruction(tape.constant(x), parameters: variables, mode: mode, generator: &generator)
        let loss = try (output - tape.constant(target)).squared().sum() * (1 / Float(Swift.max(x.shape[0], 1)))
        let gradients = try tape.gradients(of: loss, wrt: trainable.map { variables[$0] })
        return ObjectiveStep(value: loss.value.scalars.first ?? 0, errors: 0, gradients: gradients)
    }
}
