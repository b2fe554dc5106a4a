import AdvTensor

/// The fused primitives of maxout networks and linear SVMs (AdvTensor's Tensor+Linear, +Maxout, +Dropout,
/// +CrossEntropy and +Hinge).
extension Variable {
    /// The affine layer `x @ w + b`: `x` [n, i], `w` [i, o], `b` [o] -> [n, o].
    public static func linear(_ x: Variable, _ w: Variable, _ b: Variable) throws -> Variable {
        try sameTape("linear", [x, w, b])
        return x.tape.record(.linear, [x, w, b], value: try Tensor.linear(x.value, w.value, b.value))
    }

    /// The maxout unit over `k` pieces: [n, u*k] -> [n, u]; unit `j` owns columns `j*k ..< (j+1)*k`.
    public func maxout(pieces k: Int) throws -> Variable {
        let (result, argmax) = try Tensor.maxout(value, pieces: k)
        return tape.record(.maxout(argmax: argmax, pieces: k), [self], value: result)
    }

    /// The mean softmax cross-entropy of `labels` given these logits [n, c]: a scalar.
    public func softmaxCrossEntropy(labels: [Int]) throws -> Variable {
        let (loss, probabilities) = try Tensor.softmaxCrossEntropy(logits: value, labels: labels)
        return tape.record(
            .softmaxCrossEntropy(labels: labels, probabilities: probabilities), [self], value: Tensor(loss))
    }

    /// The mean one-vs-rest squared hinge loss of `labels` given these class scores [n, c] (a
    /// linear SVM's; see `Tensor.oneVsRestSquaredHinge`): a scalar.
    public func oneVsRestSquaredHinge(labels: [Int]) throws -> Variable {
        let n = Float(Swift.max(labels.count, 1))
        let (losses, gradient) = try Tensor.oneVsRestSquaredHinge(scores: value, labels: labels, gradientScale: 1 / n)
        let mean = Float(losses.reduce(0.0) { $0 + Double($1) } / Double(n))
        return tape.record(.oneVsRestSquaredHinge(gradient: gradient), [self], value: Tensor(mean))
    }

    /// Dropout with a given mask (see `Tensor.dropoutMask`): `x * mask`, same shapes.
    public func dropout(mask: Tensor) throws -> Variable {
        tape.record(.dropout(mask: mask), [self], value: try Tensor.dropout(value, mask: mask))
    }
}
