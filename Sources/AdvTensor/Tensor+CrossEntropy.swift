/// The softmax cross-entropy loss of a classifier's logits, and its gradient.
extension Tensor {
    /// The mean negative log-likelihood of `labels` under `softmax(logits)`, computed stably.
    ///
    /// Shapes: `logits` [n, c] (n >= 1), `labels` n integers in `0 ..< c`. Returns the loss
    /// `(1/n) sum_r (logSumExp(logits[r]) - logits[r, labels[r]])` and the probabilities [n, c],
    /// which the backward pass reuses.
    public static func softmaxCrossEntropy(logits: Tensor, labels: [Int]) throws -> (loss: Float, probabilities: Tensor)
    {
        try validateClassScores(op: "softmaxCrossEntropy", logits.shape, labels)
        let (n, c) = (logits.shape[0], logits.shape[1])
        var total = 0.0
        let scalars = [Float](unsafeUninitializedCapacity: n * c) { p, initialized in
            p.initialize(repeating: 0)
            logits.scalars.withUnsafeBufferPointer { logits in
                labels.withUnsafeBufferPointer { labels in
                    total = NeuralKernels.softmaxCrossEntropy(
                        logits: logits, labels: labels, rows: n, classes: c, probabilities: p)
                }
            }
            initialized = n * c
        }
        return (Float(total / Double(n)), Tensor(unchecked: [n, c], scalars: scalars))
    }

    /// The gradient of the mean `softmaxCrossEntropy` with respect to the logits:
    /// `dLoss * (p - onehot(labels)) / n`, shape [n, c].
    public static func softmaxCrossEntropyGradient(probabilities p: Tensor, labels: [Int], lossGradient: Float = 1)
        throws -> Tensor
    {
        try validateClassScores(op: "softmaxCrossEntropy backward", p.shape, labels)
        let (n, c) = (p.shape[0], p.shape[1])
        let scalars = [Float](unsafeUninitializedCapacity: n * c) { d, initialized in
            d.initialize(repeating: 0)
            p.scalars.withUnsafeBufferPointer { p in
                labels.withUnsafeBufferPointer { labels in
                    NeuralKernels.softmaxCrossEntropyBackward(
                        probabilities: p, labels: labels, rows: n, classes: c, scale: lossGradient / Float(n),
                        dlogits: d)
                }
            }
            initialized = n * c
        }
        return Tensor(unchecked: [n, c], scalars: scalars)
    }

    /// Throws unless `shape` is [n, c] with n = labels.count >= 1 and every label in 0..<c.
    static func validateClassScores(op: String, _ shape: [Int], _ labels: [Int]) throws {
        guard shape.count == 2, shape[0] >= 1, shape[0] == labels.count else {
            throw TensorError(
                op: op,
                message:
                    "logits \(shape.shapeDescription) and \(labels.count) labels: want logits [n, c] with n = labels >= 1"
            )
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= shape[1] }) {
            throw TensorError(
                op: op,
                message:
                    "label \(labels[bad]) at index \(bad) is outside 0..<\(shape[1]) for logits \(shape.shapeDescription)"
            )
        }
    }
}
