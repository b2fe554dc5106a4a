/// The one-vs-rest squared hinge loss of a linear SVM's class scores, and its gradient.
extension Tensor {
    /// Each row's one-vs-rest squared hinge loss and the gradient of `gradientScale` times their sum.
    ///
    /// Row r with label y and scores s [c] (one binary SVM per class, class c's target
    /// t_c = +1 if c == y, else -1) loses `sum_c max(0, 1 - t_c s_c)^2`: scikit-learn's LinearSVC
    /// default (`loss='squared_hinge'`, one-vs-rest), differentiable everywhere, so training and gradient attacks see
    /// a gradient. The gradient is `gradientScale * -2 t_c max(0, 1 - t_c s_c)` per entry; pass
    /// `dLoss / n` for the mean over rows, `1` for the sum.
    ///
    /// Shapes: `scores` [n, c] (n >= 1), `labels` n integers in `0 ..< c`. Returns n losses and
    /// the gradient [n, c].
    public static func oneVsRestSquaredHinge(scores: Tensor, labels: [Int], gradientScale: Float = 1) throws -> (
        losses: [Float], gradient: Tensor
    ) {
        try validateClassScores(op: "oneVsRestSquaredHinge", scores.shape, labels)
        let (n, c) = (scores.shape[0], scores.shape[1])
        var losses = [Float](repeating: 0, count: n)
        let gradient = [Float](unsafeUninitializedCapacity: n * c) { d, initialized in
            scores.scalars.withUnsafeBufferPointer { s in
                labels.withUnsafeBufferPointer { labels in
                    losses.withUnsafeMutableBufferPointer { losses in
                        NeuralKernels.squaredHinge(
                            scores: s, labels: labels, rows: n, classes: c, scale: gradientScale, losses: losses,
                            dscores: d)
                    }
                }
            }
            initialized = n * c
        }
        return (losses, Tensor(unchecked: [n, c], scalars: gradient))
    }
}
