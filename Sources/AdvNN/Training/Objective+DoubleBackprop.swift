import AdvTensor

/// Double backpropagation (Drucker & LeCun, "Improving generalization performance using double
/// backpropagation", IEEE Trans. Neural Networks 1992), written once on `LossTerms`.
extension TrainingOptions.Objective {
    /// `J(x) + lambda (1/n) sum_i |g_i|^2` with `g_i = grad_{x_i} J_i`, each example's own loss's
    /// input gradient: the loss made flat around the training inputs.
    ///
    /// The penalty's parameter gradient is `(2 lambda / n) sum_i H_i g_i`, the mixed second
    /// derivative `H_i = d^2 J_i / (d theta d x_i)` along g_i (g held fixed: `grad_theta |g|^2/2 =
    /// H g` exactly). Our networks' fast path has no second-order autodiff, so it is the central
    /// difference of first-order passes, exact to O(h^2):
    ///     `(lambda / h) [grad_theta J(x + h g) - grad_theta J(x - h g)]`
    /// (J the minibatch mean, so the 1/n and the 2 cancel the difference's 2h), with one h for the
    /// minibatch chosen so that the largest entry of `h g` is `step` (1e-3 by default: far below a
    /// pixel's 1/255, large enough for Float32's gradients to differ by thousands of ulps).
    ///
    /// NOTE: the penalty's three passes (g, then the two shifted inputs) run in evaluation mode,
    /// as virtual adversarial training's do: dropout masks drawn afresh for the two shifted passes
    /// would make their difference noise, not a derivative. The clean term runs in `mode`.
    static func doubleBackpropStep<Terms: LossTerms>(
        on terms: inout Terms, _ x: Tensor, labels: [Int], lambda: Float, step: Float, trainable: [Int],
        mode: Mode, generator: inout SeededGenerator
    ) throws -> ObjectiveStep {
        guard lambda.isFinite, lambda >= 0, step.isFinite, step > 0 else {
            throw TensorError(
                op: "train",
                message: "double backprop's lambda \(lambda) and step \(step) must be finite, lambda not negative, "
                    + "the step above 0")
        }
        let clean = try terms.term(
            x, labels: labels, trainable: trainable, scale: 1, accumulate: false, inputGradient: false, mode: mode,
            generator: &generator)
        // The mean's input gradient times n: each row is its own example's gradient g_i.
        let n = Swift.max(labels.count, 1)
        let probe = try terms.term(
            x, labels: labels, trainable: [], scale: Float(n), accumulate: false, inputGradient: true,
            mode: .evaluation, generator: &generator)
        let g = probe.inputGradient ?? Tensor.zeros(x.shape)
        var squares = 0.0
        var largest: Float = 0
        g.scalars.withUnsafeBufferPointer { g in
            for v in g {
                squares += Double(v) * Double(v)
                largest = Swift.max(largest, Swift.abs(v))
            }
        }
        let penalty = Float(squares / Double(n))
        if lambda > 0, largest > 0 {
            let h = step / largest
            for sign: Float in [1, -1] {
                _ = try terms.term(
                    x + g * (sign * h), labels: labels, trainable: trainable, scale: sign * lambda / h,
                    accumulate: true, inputGradient: false, mode: .evaluation, generator: &generator)
            }
        }
        return ObjectiveStep(
            value: clean.loss + lambda * penalty, errors: clean.errors, gradients: terms.gradients(trainable))
    }
}
