/// Whether a forward pass trains (dropout samples masks) or evaluates (dropout off, activations
/// scaled to their training-mode expectation). Attacks and metrics always evaluate.
public enum Mode: Sendable, Equatable {
    case training
    case evaluation
}

/// The hidden-unit nonlinearity of a fully connected network.
public enum Activation: String, Sendable, Equatable, Codable {
    case sigmoid
    case relu
}

/// The training loss a model's outputs are scored with.
public enum ModelLoss: String, Sendable, Equatable, Codable {
    /// Softmax cross-entropy of the logits (every family except RBF and the SVM).
    case softmaxCrossEntropy
    /// One-vs-rest binary cross-entropy on the RBF's unnormalised `p_c = exp(score_c)`; see
    /// `Model.rbf`.
    case rbfBinaryCrossEntropy
    /// One-vs-rest squared hinge on the class scores (the linear SVM, `Model.linearSVM`; see
    /// `Tensor.oneVsRestSquaredHinge`).
    case oneVsRestSquaredHinge
    /// Each output is a bit of an error-correcting output code, scored by its logistic loss
    /// against the true class's codeword (`Model.errorCorrectingCodes`); the logits are the
    /// codewords' decoding scores.
    case codeBits
}
