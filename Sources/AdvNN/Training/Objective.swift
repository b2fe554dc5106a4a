import AdvTensor

extension TrainingOptions.Objective {
    /// The value, clean misclassified count and parameter gradients of this objective on a
    /// minibatch `x` [n, inputs], written once for every `LossTerms` (the tape and DenseNetwork).
    /// `perturbed` is the buffer of the perturbed minibatch, reused from step to step;
    /// `unlabelled`, virtual adversarial training's unlabelled minibatch (nil: `x`'s inputs).
    ///
    /// Adversarial (Goodfellow 2015 eq. 6), `alpha J(x) + (1 - alpha) J(clip(x + eps sign(grad_x
    /// J(x)), 0, 1))` (the clip only with the objective's `clip`): the FGSM direction is the sign of
    /// the clean term's own input gradient (the same forward pass, so in training mode with the same
    /// dropout masks); the adversarial term is a second forward pass with freshly drawn masks, in
    /// which the perturbed input is a constant: no gradient flows through the sign. The noise controls (§6) put noise in place of the FGSM
    /// step. The clean term's gradients are scaled by alpha as they are made and the perturbed
    /// term's `(1 - alpha)` gradients added onto them.
    ///
    /// PGD training (Madry et al. 2017) is the same sum with PGD's examples in place of FGSM's
    /// (`pgdExamples`).
    ///
    /// Throws for `.reconstruction`, which is not a classifier's loss (`Model.reconstructionStep`).
    func step<Terms: LossTerms>(
        on terms: inout Terms, _ x: Tensor, labels: [Int], trainable: [Int], mode: Mode, perturbed: inout Tensor,
        generator: inout SeededGenerator, unlabelled: Tensor? = nil
    ) throws -> ObjectiveStep {
        func term(_ input: Tensor, scale: Float, accumulate: Bool, inputGradient: Bool) throws -> LossTerm {
            try terms.term(
                input, labels: labels, trainable: trainable, scale: scale, accumulate: accumulate,
                inputGradient: inputGradient, mode: mode, generator: &generator)
        }
        let clean: LossTerm
        let alpha: Float
        switch self {
        case .plain:
            clean = try term(x, scale: 1, accumulate: false, inputGradient: false)
            return ObjectiveStep(value: clean.loss, errors: clean.errors, gradients: terms.gradients(trainable))
        case .adversarial(let eps, let weight, let clip):
            alpha = weight
            // NOTE: with alpha = 0 the clean term still gives the direction (at scale 1); its
            // parameter gradients are then replaced by the adversarial term's. A negative scale
            // flips the input gradient, so the step flips with it.
            clean = try term(x, scale: alpha == 0 ? 1 : alpha, accumulate: false, inputGradient: true)
            let direction = clean.inputGradient ?? Tensor.zeros(x.shape)
            try Attacks.signStep(x, gradient: direction, step: alpha < 0 ? -eps : eps, clip: clip, into: &perturbed)
        case .pgd(let eps, let steps, let stepSize, let randomStart, let weight):
            alpha = weight
            clean = try Self.pgdExamples(
                on: &terms, x, labels: labels, trainable: trainable, mode: mode, eps: eps, steps: steps,
                stepSize: stepSize, randomStart: randomStart, alpha: alpha, into: &perturbed, generator: &generator)
        case .noise(let noise, let eps, let weight, let clip):
            alpha = weight
            clean = try term(x, scale: alpha == 0 ? 1 : alpha, accumulate: false, inputGradient: false)
            perturbed = try x + Self.noise(noise, eps: eps, shape: x.shape, using: &generator)
            if clip { perturbed = perturbed.clipped(min: 0, max: 1) }
        case .reconstruction, .denoising:
            throw TensorError(op: "train", message: "the reconstruction objective is not a classifier's loss")
        case .doubleBackprop(let lambda, let step):
            return try Self.doubleBackpropStep(
                on: &terms, x, labels: labels, lambda: lambda, step: step, trainable: trainable, mode: mode,
                generator: &generator)
        case .virtualAdversarial(let eps, let xi, let iterations, let lambda):
            return try Self.virtualAdversarialStep(
                on: &terms, x, labels: labels, unlabelled: unlabelled, eps: eps, xi: xi, iterations: iterations,
                lambda: lambda, trainable: trainable, mode: mode, generator: &generator)
        }
        let other = try term(perturbed, scale: 1 - alpha, accumulate: alpha != 0, inputGradient: false)
        return ObjectiveStep(
            value: alpha * clean.loss + (1 - alpha) * other.loss, errors: clean.errors,
            gradients: terms.gradients(trainable))
    }

    /// PGD training's clean term and its examples in `perturbed`: the clean term at `alpha`'s scale
    /// (its parameter gradients kept for the sum, none at alpha 0: it then only counts the clean
    /// errors), then from x (or a uniform point of the eps-ball, `Attacks.randomStart`) `steps`
    /// projected signed-gradient steps (`Attacks.signStep`), each gradient a term of its own in
    /// `mode` with fresh dropout masks and no parameter gradient, all on the same buffer.
    ///
    /// NOTE: without a random start the first direction is the clean term's own input gradient, as
    /// in the FGSM objective, so one step of eps is that objective to the bit.
    private static func pgdExamples<Terms: LossTerms>(
        on terms: inout Terms, _ x: Tensor, labels: [Int], trainable: [Int], mode: Mode, eps: Float, steps: Int,
        stepSize: Float, randomStart: Bool, alpha: Float, into perturbed: inout Tensor,
        generator: inout SeededGenerator
    ) throws -> LossTerm {
        guard steps >= 0, eps.isFinite, eps >= 0, stepSize.isFinite, stepSize > 0 else {
            throw TensorError(
                op: "train",
                message: "PGD training's steps \(steps), eps \(eps) and step \(stepSize) must be finite, "
                    + "not negative, the step above 0")
        }
        let ball = (center: x, eps: eps)
        let clean: LossTerm
        do {
            let start = try terms.term(
                x, labels: labels, trainable: alpha == 0 ? [] : trainable, scale: alpha == 0 ? 1 : alpha,
                accumulate: false, inputGradient: !randomStart && steps > 0, mode: mode, generator: &generator)
            clean = LossTerm(loss: start.loss, errors: start.errors, inputGradient: nil)
            if randomStart {
                try Attacks.randomStart(x, eps: eps, clip: true, using: &generator, into: &perturbed)
            } else if let direction = start.inputGradient {
                try Attacks.signStep(x, gradient: direction, step: stepSize, clip: true, within: ball, into: &perturbed)
            } else {
                perturbed = x
            }
        }
        for _ in (randomStart ? 0 : Swift.min(steps, 1))..<steps {
            let gradient = try terms.term(
                perturbed, labels: labels, trainable: [], scale: 1, accumulate: false, inputGradient: true, mode: mode,
                generator: &generator
            ).inputGradient
            try Attacks.signStep(
                &perturbed, gradient: gradient ?? Tensor.zeros(x.shape), step: stepSize, clip: true, within: ball)
        }
        return clean
    }

    /// Random `+-eps` per entry (`.sign`) or uniform in [-eps, eps) (`.uniform`).
    static func noise(
        _ kind: TrainingOptions.Noise, eps: Float, shape: [Int], using generator: inout SeededGenerator
    ) throws -> Tensor {
        switch kind {
        case .sign:
            var scalars = [Float](repeating: eps, count: shape.reduce(1, *))
            for i in scalars.indices where generator.next() & 1 == 0 { scalars[i] = -eps }
            return try Tensor(shape: shape, scalars: scalars)
        case .uniform:
            return Model.uniform(shape, low: -eps, high: eps, using: &generator)
        }
    }
}
