import AdvAutograd
import AdvTensor

/// Removing the perturbation with an autoencoder, one of the lecture's failed defences: a
/// denoising autoencoder (trained on noisy inputs against clean ones, `TrainingOptions.Objective
/// .denoising`) composed in front of a classifier, which classifies the reconstruction.
///
/// The composition is differentiable, and its input gradient is exact: the wrapped classifier's
/// gradient at the reconstruction r, pulled back through the autoencoder on the tape (the
/// vector-Jacobian product `J_r(x)^T grad_r J`). A white-box attack differentiates through both.
public final class Denoised: Classifier, CustomStringConvertible {
    public let wrapped: any Classifier
    public let autoencoder: Model
    public let name: String
    public var inputs: Int { wrapped.inputs }
    public var classes: Int { wrapped.classes }

    public init(_ wrapped: any Classifier, autoencoder: Model) throws {
        guard !autoencoder.decoder.isEmpty else {
            throw AttackError(
                op: "denoised", message: "\(autoencoder.name) has no decoder: the denoiser must be an autoencoder")
        }
        guard autoencoder.inputs == wrapped.inputs else {
            throw AttackError(
                op: "denoised",
                message:
                    "\(autoencoder.name) reconstructs \(autoencoder.inputs) inputs, \(wrapped.name) takes \(wrapped.inputs)"
            )
        }
        self.wrapped = wrapped
        self.autoencoder = autoencoder
        name = "denoised(\(wrapped.name), \(autoencoder.name))"
    }

    /// The autoencoder's reconstruction of `x` [n, inputs], in evaluation mode.
    public func reconstruct(_ x: Tensor) throws -> Tensor {
        try recorded(x, on: Tape()).output.value
    }

    /// The reconstruction of `x` recorded on `tape` from an input variable.
    private func recorded(_ x: Tensor, on tape: Tape) throws -> (input: Variable, output: Variable) {
        try Batch.validate("denoised", self, x, labels: nil)
        var unused = SeededGenerator(seed: autoencoder.seed)
        let input = tape.variable(x)
        let output = try autoencoder.reconstruction(
            input, parameters: autoencoder.parameters.map(tape.constant), mode: .evaluation, generator: &unused)
        return (input, output)
    }

    public func probabilities(_ x: Tensor) throws -> Tensor { try wrapped.probabilities(reconstruct(x)) }

    public func logits(_ x: Tensor) throws -> Tensor { try wrapped.logits(reconstruct(x)) }

    /// The wrapped classifier's loss on the reconstruction, and its gradient pulled back to x.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        let tape = Tape()
        let (input, output) = try recorded(x, on: tape)
        let outer = try wrapped.lossAndInputGradient(output.value, labels: labels)
        let pulled = try (output * tape.constant(outer.gradient)).sum()
        return (outer.losses, try tape.gradients(of: pulled, wrt: [input])[0])
    }

    public var description: String {
        "\(autoencoder.name)'s reconstruction, classified by \(wrapped.name); \(inputs) inputs, \(classes) classes"
    }
}
