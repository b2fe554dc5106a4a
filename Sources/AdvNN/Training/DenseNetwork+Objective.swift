import AdvTensor

extension DenseNetwork {
    /// `Model.objectiveStep` without a tape: the value of `objective` on a minibatch `x` [n, inputs],
    /// its clean misclassified count, and its gradients, left in the network's buffers for the
    /// `trainable` indices (the returned step lists them in that order).
    ///
    /// Adversarial (eq. 6) and noise objectives: the clean term's gradients are scaled by alpha as
    /// they are made and the perturbed term's `(1 - alpha)` gradients are added onto them by the
    /// GEMM itself (beta = 1), so no gradient is combined in a separate pass. The FGSM direction
    /// is the sign of the clean term's own input gradient (same pass and masks), as on the tape.
    /// Returns nil for the objectives it does not run (reconstruction).
    func objectiveStep(
        _ x: Tensor, labels: [Int], objective: TrainingOptions.Objective, trainable: [Int], mode: Mode,
        generator: inout SeededGenerator
    ) throws -> ObjectiveStep? {
        let wanted = Set(trainable)
        defer { input = Tensor.zeros([0]) }
        switch objective {
        case .plain:
            try forward(x, mode: mode, generator: &generator)
            let clean = try crossEntropy(labels: labels, scale: 1)
            try backward(trainable: wanted, accumulate: false, needInputGradient: false)
            return step(value: clean.loss, errors: clean.errors, trainable: trainable)
        case .adversarial(let eps, let alpha):
            // NOTE: with alpha = 0 the clean term still gives the direction (at scale 1); its
            // parameter gradients are then overwritten by the adversarial term's.
            try forward(x, mode: mode, generator: &generator)
            let clean = try crossEntropy(labels: labels, scale: alpha == 0 ? 1 : alpha)
            try backward(trainable: wanted, accumulate: false, needInputGradient: true)
            let step = alpha < 0 ? -eps : eps
            try Tensor.gradientSignStep(x, gradient: inputGradient, step: step, clip: true, into: &perturbed)
            return try perturbedTerm(
                clean, alpha, labels: labels, trainable: trainable, mode: mode, generator: &generator)
        case .noise(let noise, let eps, let alpha):
            try forward(x, mode: mode, generator: &generator)
            let clean = try crossEntropy(labels: labels, scale: alpha == 0 ? 1 : alpha)
            try backward(trainable: wanted, accumulate: false, needInputGradient: false)
            perturbed = try (x + Model.noise(noise, eps: eps, shape: x.shape, using: &generator)).clipped(
                min: 0, max: 1)
            return try perturbedTerm(
                clean, alpha, labels: labels, trainable: trainable, mode: mode, generator: &generator)
        case .reconstruction:
            return nil
        }
    }

    /// Adds `(1 - alpha) J(perturbed)`'s gradients onto the clean term's and returns the step.
    private func perturbedTerm(
        _ clean: (loss: Float, errors: Int), _ alpha: Float, labels: [Int], trainable: [Int], mode: Mode,
        generator: inout SeededGenerator
    ) throws -> ObjectiveStep {
        try forward(perturbed, mode: mode, generator: &generator)
        let other = try crossEntropy(labels: labels, scale: 1 - alpha)
        try backward(trainable: Set(trainable), accumulate: alpha != 0, needInputGradient: false)
        return step(value: alpha * clean.loss + (1 - alpha) * other.loss, errors: clean.errors, trainable: trainable)
    }

    private func step(value: Float, errors: Int, trainable: [Int]) -> ObjectiveStep {
        ObjectiveStep(value: value, errors: errors, gradients: trainable.map(parameterGradient))
    }
}
