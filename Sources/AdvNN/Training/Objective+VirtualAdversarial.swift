import AdvTensor
import Foundation

/// Virtual adversarial training (Miyato, Maeda, Koyama, Nakae & Ishii, "Distributional smoothing
/// with virtual adversarial training", ICLR 2016; TPAMI 2018), written once on `LossTerms`.
extension TrainingOptions.Objective {
    /// `J(x) + lambda LDS(u)`: the labelled minibatch's loss and, on the inputs `u` (the unlabelled
    /// minibatch, else `x` itself), the local distributional smoothness term
    /// `LDS(u) = (1/m) sum_i KL(p(y|u_i) || p(y|u_i + r_vadv,i))`, the clean distribution p a
    /// constant (no gradient flows through it or through `r_vadv`). The labelled term's gradients
    /// are made first and the LDS term's `lambda`-scaled ones added onto them.
    ///
    /// NOTE: every pass of the LDS term (p, the power iteration, the perturbed term) runs in
    /// evaluation mode: dropout masks drawn afresh for the clean and the perturbed pass would make
    /// the KL non-zero at r = 0 and swamp the xi-sized finite difference of the power iteration.
    static func virtualAdversarialStep<Terms: LossTerms>(
        on terms: inout Terms, _ x: Tensor, labels: [Int], unlabelled: Tensor?, eps: Float, xi: Float,
        iterations: Int, lambda: Float, trainable: [Int], mode: Mode, generator: inout SeededGenerator
    ) throws -> ObjectiveStep {
        let clean = try terms.term(
            x, labels: labels, trainable: trainable, scale: 1, accumulate: false, inputGradient: false, mode: mode,
            generator: &generator)
        let u = unlabelled ?? x
        let p = try terms.probabilities(u, mode: .evaluation, generator: &generator)
        let r = try virtualAdversarialPerturbation(
            on: &terms, u, target: p, eps: eps, xi: xi, iterations: iterations, generator: &generator)
        let smoothness = try terms.divergence(
            u + r, target: p, trainable: trainable, scale: lambda, accumulate: true, inputGradient: false,
            mode: .evaluation, generator: &generator)
        return ObjectiveStep(
            value: clean.loss + lambda * smoothness.loss, errors: clean.errors, gradients: terms.gradients(trainable))
    }

    /// `r_vadv` [m, inputs] for the inputs `u` whose predictive distributions are `target`: each
    /// row of L2 norm `eps` along the top eigenvector of the Hessian H of `KL(p || p(. + r))` at
    /// r = 0, approximated by `iterations` power iterations from a Gaussian direction d:
    /// `d <- unit(grad_r KL(p || p(u + r)) at r = xi d)`, which is `xi H d` to first order
    /// (the KL's gradient vanishes at r = 0). Each row is its own problem. The directions are
    /// drawn from `generator`; the passes run in evaluation mode and leave the kept gradients as
    /// they are. A row whose gradient vanishes (a saturated softmax) gets r = 0.
    static func virtualAdversarialPerturbation<Terms: LossTerms>(
        on terms: inout Terms, _ u: Tensor, target p: Tensor, eps: Float, xi: Float, iterations: Int,
        generator: inout SeededGenerator
    ) throws -> Tensor {
        var d = Tensor.normal(u.shape, using: &generator)
        for _ in 0..<iterations {
            // NOTE: scaled by the row count, the mean's gradient is each row's own: no underflow
            // of a KL of order xi^2 divided by a large minibatch.
            let probe = try terms.divergence(
                u + unitRows(d) * xi, target: p, trainable: [], scale: Float(Swift.max(u.shape[0], 1)),
                accumulate: false, inputGradient: true, mode: .evaluation, generator: &generator)
            d = probe.inputGradient ?? Tensor.zeros(u.shape)
        }
        return try unitRows(d) * eps
    }

    /// Each row of `d` [m, k] divided by its L2 norm (accumulated in Float64); zero rows stay zero.
    static func unitRows(_ d: Tensor) throws -> Tensor {
        guard d.rank == 2 else {
            throw TensorError(op: "vat", message: "directions \(d.shape.shapeDescription): want [m, inputs]")
        }
        let (m, k) = (d.shape[0], d.shape[1])
        var scalars = d.scalars
        for r in 0..<m {
            var sum = 0.0
            for j in 0..<k { sum += Double(scalars[r * k + j]) * Double(scalars[r * k + j]) }
            guard sum > 0 else { continue }
            let factor = 1 / sum.squareRoot()
            for j in 0..<k { scalars[r * k + j] = Float(Double(scalars[r * k + j]) * factor) }
        }
        return try Tensor(shape: d.shape, scalars: scalars)
    }
}
