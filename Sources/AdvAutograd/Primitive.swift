import AdvTensor

/// The closed list of differentiable operations. Each case carries the data (beyond its inputs'
/// values and its output value, which the tape keeps) that its gradient rule in Gradients.swift needs.
/// Everything else in adv is composed from these.
enum Primitive {
    // Broadcasting binary arithmetic; gradients are summed back over the broadcast axes.
    case add, subtract, multiply, divide
    case minimum, maximum
    /// numpy `where`: the output takes the first input where `condition` is nonzero, else the second.
    case select(condition: Tensor)

    // Elementwise unary.
    case negate, exp, log, squareRoot, absoluteValue, square, sigmoid, tanh, relu
    case power(exponent: Float)
    /// `x^y` with the exponent an input too (both broadcasting): inputs base, exponent.
    case tensorPower
    /// Gradient zero outside [min, max].
    case clip(min: Float, max: Float)
    /// Piecewise constant: zero gradient.
    case sign

    // Reductions (axis nil = over all scalars; axes already normalized to be >= 0).
    case sum(axis: Int?, keepDims: Bool)
    case mean(axis: Int?, keepDims: Bool)
    case max(axis: Int?, keepDims: Bool)
    case logSumExp(axis: Int?, keepDims: Bool)
    case softmax(axis: Int)
    case logSoftmax(axis: Int)

    // Linear algebra and shape.
    case matmul
    case transpose(permutation: [Int])
    case reshape
    case slice(axis: Int, start: Int?, end: Int?, step: Int)
    case gather(indices: [Int], axis: Int)
    case concatenate(axis: Int)

    // Fused neural primitives (AdvTensor's Tensor+Linear, +Maxout, +Dropout, +CrossEntropy and +Hinge).
    /// Inputs x [n, i], w [i, o], b [o].
    case linear
    case maxout(argmax: [Int32], pieces: Int)
    /// Input logits [n, c]; output the mean loss, a scalar.
    case softmaxCrossEntropy(labels: [Int], probabilities: Tensor)
    /// Input scores [n, c]; output the mean one-vs-rest squared hinge, a scalar. Carries the
    /// gradient of that mean with respect to the scores, made with the loss.
    case oneVsRestSquaredHinge(gradient: Tensor)
    case dropout(mask: Tensor)
}
