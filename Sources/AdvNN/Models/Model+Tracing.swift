import AdvAutograd
import AdvTensor

/// The model's forward pass recorded on a caller's tape, so `grad` in the language sees through
/// `logits(m, x)` and `probabilities(m, x)` to x.
extension Model {
    /// The logits [n, classes] of `x` [n, inputs], recorded on x's tape in evaluation mode with
    /// the parameters as constants: the same values as `logits(_: Tensor)`, with a gradient to x.
    public func logits(_ x: Variable) throws -> Variable {
        guard loss != .codeBits else {
            throw TensorError(op: "logits", message: "\(name)'s code decoding is not recorded on the tape")
        }
        var unused = SeededGenerator(seed: seed)
        return try logits(x, parameters: parameters.map(x.tape.constant), mode: .evaluation, generator: &unused)
    }

    /// The probabilities [n, classes] of `x` [n, inputs] as `probabilities(_: Tensor)` gives them
    /// (softmax of the logits, the SVM's scores included; RBF: their exp), recorded on x's tape.
    public func probabilities(_ x: Variable) throws -> Variable {
        let z = try logits(x)
        switch loss {
        case .softmaxCrossEntropy, .oneVsRestSquaredHinge: return try z.softmax(axis: -1)
        case .rbfBinaryCrossEntropy: return z.exp()
        case .codeBits:
            throw TensorError(op: "probabilities", message: "\(name)'s code decoding is not recorded on the tape")
        }
    }
}
