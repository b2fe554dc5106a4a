import AdvTensor

/// A confidence-reducing perturbation at test time, one of the lecture's failed defences: before
/// classifying, move the input one signed-gradient step of `eps` that lowers the wrapped
/// classifier's probability of the class it predicts, `x' = clip(x + eps sign(grad_x J(x, y_hat)),
/// 0, 1)` with `y_hat = argmax p(x)` (FGSM's step against its own prediction, `Attacks.fgsm`),
/// then classify x'. The hope: an adversarial example sits just over a decision boundary, so a
/// small step away from the class it was pushed into sends it back; a clean example sits deep
/// inside its class and stays.
///
/// The step's direction is a sign, whose derivative is zero almost everywhere, and it is clipped:
/// the exact derivative of x' is the identity where the clip does not hold and zero where it does
/// (background pixels pushed below 0). The input gradient is BPDA's (Athalye, Carlini & Wagner
/// 2018, backward pass differentiable approximation): the whole step read as the identity on the
/// backward pass, the wrapped classifier's gradient at x', so no pixel's gradient is lost to the
/// clip.
///
/// `Gradient.literal` is the naive attacker's gradient instead, for showing gradient masking: the
/// derivative of the pipeline taken literally, as a tape would. The sign's derivative is zero, so
/// the step itself contributes nothing (the same as zeroing the step's gradient, a stop-gradient
/// on `eps sign(...)`), and what is left is the clip's: the wrapped classifier's gradient at x',
/// zero at the pixels the clip held at 0 or 1. That path through x itself keeps the attack
/// strong. `Gradient.zero` is the naive attacker whose tool cannot enter the step at all (it was
/// computed off the tape, as preprocessing often is): the step's Jacobian read as zero, so the whole
/// input gradient is zero, Athalye et al.'s shattered gradient in its plainest form.
public final class ConfidenceReduced: Classifier, CustomStringConvertible {
    /// Which input gradient the attacks follow.
    public enum Gradient: String, CaseIterable, Sendable {
        /// The step read as the identity on the backward pass (the honest attack).
        case bpda
        /// The derivative of the step taken literally: zero through the sign, the clip's mask.
        case literal
        /// The step read as having no derivative: a zero input gradient.
        case zero
    }

    public let wrapped: any Classifier
    public let eps: Float
    public let gradientMode: Gradient
    public let name: String
    public var inputs: Int { wrapped.inputs }
    public var classes: Int { wrapped.classes }

    public init(_ wrapped: any Classifier, eps: Float, gradient: Gradient = .bpda) throws {
        guard eps.isFinite, eps >= 0 else {
            throw AttackError(op: "confidence_reduced", message: "eps \(eps) must be finite and not negative")
        }
        self.wrapped = wrapped
        self.eps = eps
        gradientMode = gradient
        let mode = gradient == .bpda ? "" : ", gradient \(gradient.rawValue)"
        name = "confidence_reduced(\(wrapped.name), eps \(eps)\(mode))"
    }

    /// x moved one step of eps against the wrapped classifier's own prediction.
    public func reduced(_ x: Tensor) throws -> Tensor {
        try Batch.validate("confidence_reduced", self, x, labels: nil)
        let predicted = try wrapped.probabilities(x).argmaxRows()
        return try Attacks.fgsm(wrapped, x, labels: predicted, eps: eps)
    }

    public func probabilities(_ x: Tensor) throws -> Tensor { try wrapped.probabilities(reduced(x)) }

    public func logits(_ x: Tensor) throws -> Tensor { try wrapped.logits(reduced(x)) }

    /// The loss at x' and, by BPDA, the wrapped classifier's gradient there; with `.literal`, that
    /// gradient zeroed where the clip held x' at 0 or 1 (x' on the bound and moved from x); with
    /// `.zero`, zero.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        let moved = try reduced(x)
        let outer = try wrapped.lossAndInputGradient(moved, labels: labels)
        switch gradientMode {
        case .bpda: return outer
        case .zero: return (outer.losses, Tensor.zeros(x.shape))
        case .literal: break
        }
        var gradient = outer.gradient.scalars
        x.scalars.withUnsafeBufferPointer { before in
            moved.scalars.withUnsafeBufferPointer { after in
                for i in 0..<gradient.count where (after[i] <= 0 || after[i] >= 1) && after[i] != before[i] {
                    gradient[i] = 0
                }
            }
        }
        return (outer.losses, try Tensor(shape: x.shape, scalars: gradient))
    }

    private var attackedBy: String {
        switch gradientMode {
        case .bpda: "by BPDA (the step as the identity)"
        case .literal: "through the literal derivative"
        case .zero: "with a zero gradient"
        }
    }

    public var description: String {
        "confidence-reducing step of \(eps) before \(wrapped.name); attacked "
            + attackedBy
            + "; \(inputs) inputs, \(classes) classes"
    }
}
