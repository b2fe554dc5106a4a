import AdvTensor

/// One layer of a `Model`: what it computes, its weight-decay and max-norm settings, and where its
/// parameters sit in the model's parameter list.
///
/// Batches are rows throughout: a layer maps [n, inputs] to [n, outputs].
public struct Layer: Sendable, Equatable, Codable {
    /// What a layer computes. Parameter shapes are listed beside each case, in the order they are
    /// stored in `Model.parameters`.
    public enum Kind: Sendable, Equatable, Codable {
        /// `y = x W + b`; W [inputs, outputs], b [outputs].
        case linear(inputs: Int, outputs: Int)
        /// The logistic sigmoid, elementwise.
        case sigmoid
        /// max(0, x), elementwise.
        case relu
        /// Maxout (Goodfellow et al. 2013): `z = x W + b`, then each unit the max of its `pieces`
        /// consecutive columns of z. W [inputs, units * pieces], b [units * pieces].
        case maxout(inputs: Int, units: Int, pieces: Int)
        /// Dropout: in training, each input is kept with probability `keep` and multiplied by
        /// `scale` (else zeroed); in evaluation, inputs are multiplied by `keep * scale`, their
        /// expected training-mode factor (1 for the usual `scale = 1 / keep`).
        case dropout(keep: Float, scale: Float)
        /// Goodfellow's shallow RBF network (2015 §7), one unit per class:
        /// `score[r, c] = -sum_i beta[i, c] (x[r, i] - mu[i, c])^2` with `beta = gamma^2 >= 0`, so
        /// `p(y = c | x) = exp(score)`. mu [inputs, classes], gamma [inputs, classes].
        case rbf(inputs: Int, classes: Int)
        /// Binary logistic regression's two-class logits from its one logit z: [n, 1] -> [n, 2] as
        /// `[0, z]`, so that softmax gives `[1 - sigmoid(z), sigmoid(z)]` exactly.
        case binaryLogits
    }

    public let kind: Kind
    /// L1 weight-decay coefficient on this layer's weights (not its biases).
    public var l1: Float
    /// L2 weight-decay coefficient on this layer's weights (not its biases).
    public var l2: Float
    /// If set, each unit's incoming weight vector (a column of W) is clipped to this L2 norm after
    /// every update (the maxout recipe's constraint).
    public var maxNorm: Float?
    /// The indices of this layer's parameters in `Model.parameters`.
    public internal(set) var parameterIndices: Range<Int>

    public init(_ kind: Kind, l1: Float = 0, l2: Float = 0, maxNorm: Float? = nil, parameterIndices: Range<Int> = 0..<0)
    {
        self.kind = kind
        self.l1 = l1
        self.l2 = l2
        self.maxNorm = maxNorm
        self.parameterIndices = parameterIndices
    }

    /// The shapes of this layer's parameters, in storage order.
    public var parameterShapes: [[Int]] {
        switch kind {
        case .linear(let inputs, let outputs): [[inputs, outputs], [outputs]]
        case .maxout(let inputs, let units, let pieces): [[inputs, units * pieces], [units * pieces]]
        case .rbf(let inputs, let classes): [[inputs, classes], [inputs, classes]]
        case .sigmoid, .relu, .dropout, .binaryLogits: []
        }
    }

    /// The width of this layer's output for an input of `width` features.
    public func outputWidth(forInput width: Int) -> Int {
        switch kind {
        case .linear(_, let outputs): outputs
        case .maxout(_, let units, _): units
        case .rbf(_, let classes): classes
        case .binaryLogits: 2
        case .sigmoid, .relu, .dropout: width
        }
    }

    /// The index (in `Model.parameters`) of the weight matrix that weight decay and max-norm act on.
    var weightIndex: Int? {
        switch kind {
        case .linear, .maxout: parameterIndices.lowerBound
        case .rbf, .sigmoid, .relu, .dropout, .binaryLogits: nil
        }
    }

    /// A short description for model summaries: "linear 784 -> 10", "maxout 784 -> 240 x 5".
    public var summary: String {
        switch kind {
        case .linear(let inputs, let outputs): "linear \(inputs) -> \(outputs)"
        case .sigmoid: "sigmoid"
        case .relu: "relu"
        case .maxout(let inputs, let units, let pieces): "maxout \(inputs) -> \(units) units x \(pieces) pieces"
        case .dropout(let keep, let scale): "dropout keep \(keep) scale \(scale)"
        case .rbf(let inputs, let classes): "rbf \(inputs) -> \(classes)"
        case .binaryLogits: "binary logits [0, z]"
        }
    }
}
