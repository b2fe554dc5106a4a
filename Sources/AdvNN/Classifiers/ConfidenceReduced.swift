import AdvTensor

/// A confidence-reducing perturbation at test time, one of the lecture's failed defences: before
/// classifying, move the input one signed-gradient step of `eps` that lowers the wrapped
/// classifier's probability of the class it predicts, `x' = clip(x + eps sign(grad_x J(x, y_hat)),
/// 0, 1)` with `y_hat = argmax p(x)` (FGSM's step against its own prediction, `Attacks.fgsm`),
/// then classify x'. The hope: an adversarial example sits just over a decision boundary, so a
/// small step away from the class it was pushed into sends it back; a clean example sits deep
/// inside its class and stays.
///
/// The step is built from a sign, so its Jacobian is zero almost everywhere: a white-box attack
/// that differentiates it exactly gets no signal (gradient masking). Its input gradient is
/// therefore BPDA's (Athalye, Carlini & Wagner 2018, backward pass differentiable approximation):
/// the step read as the identity on the backward pass, the wrapped classifier's gradient at x'.
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
