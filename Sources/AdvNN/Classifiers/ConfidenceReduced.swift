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
public final class ConfidenceReduced: Classifier, CustomStringConvertible {
    public let wrapped: any Classifier
    public let eps: Float
    public let name: String
    public var inputs: Int { wrapped.inputs }
    public var classes: Int { wrapped.classes }

    public init(_ wrapped: any Classifier, eps: Float) throws {
        guard eps.isFinite, eps >= 0 else {
            throw AttackError(op: "confidence_reduced", message: "eps \(eps) must be finite and not negative")
        }
        self.wrapped = wrapped
        self.eps = eps
        name = "confidence_reduced(\(wrapped.name), eps \(eps))"
    }

    /// x moved one step of eps against the wrapped classifier's own prediction.
    public func reduced(_ x: Tensor) throws -> Tensor {
        try Batch.validate("confidence_reduced", self, x, labels: nil)
        let predicted = try wrapped.probabilities(x).argmaxRows()
        return try Attacks.fgsm(wrapped, x, labels: predicted, eps: eps)
    }

    public func probabilities(_ x: Tensor) throws -> Tensor { try wrapped.probabilities(reduced(x)) }

    public func logits(_ x: Tensor) throws -> Tensor { try wrapped.logits(reduced(x)) }

    /// The loss at x' and, by BPDA, the wrapped classifier's gradient there.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        try wrapped.lossAndInputGradient(reduced(x), labels: labels)
    }

    public var description: String {
        "confidence-reducing step of \(eps) before \(wrapped.name); \(inputs) inputs, \(classes) classes"
    }
}
