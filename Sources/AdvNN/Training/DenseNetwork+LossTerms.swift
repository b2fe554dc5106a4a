import AdvTensor

/// The tape-free loss terms: each term's gradients are scaled as they are made (in the logits'
/// gradient) and a second term's are added onto the first's by the GEMMs themselves (beta = 1),
/// so no gradient is combined in a separate pass.
extension DenseNetwork: LossTerms {
    func term(
        _ x: Tensor, labels: [Int], trainable: [Int], scale: Float, accumulate: Bool, inputGradient needed: Bool,
        mode: Mode, generator: inout SeededGenerator
    ) throws -> LossTerm {
        // The input is dropped once the term is done, so the caller's buffer stays its own.
        defer { input = Tensor.zeros([0]) }
        try forward(x, mode: mode, generator: &generator)
        let clean = try outputLoss(labels: labels, scale: scale)
        try backward(trainable: Set(trainable), accumulate: accumulate, needInputGradient: needed)
        return LossTerm(loss: clean.loss, errors: clean.errors, inputGradient: needed ? inputGradient : nil)
    }

    func gradients(_ trainable: [Int]) -> [Tensor] { trainable.map(parameterGradient) }

    /// `Model.objectiveStep` without a tape, on the network's buffers; nil for the objectives it
    /// does not run (reconstruction).
    func objectiveStep(
        _ x: Tensor, labels: [Int], objective: TrainingOptions.Objective, trainable: [Int], mode: Mode,
        generator: inout SeededGenerator, unlabelled: Tensor? = nil
    ) throws -> ObjectiveStep? {
        guard !objective.reconstructs else { return nil }
        var terms = self
        return try objective.step(
            on: &terms, x, labels: labels, trainable: trainable, mode: mode, perturbed: &perturbed,
            generator: &generator, unlabelled: unlabelled)
    }
}
