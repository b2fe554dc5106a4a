import AdvTensor

extension Attacks {
    /// Adversarial examples for k-nearest neighbours: FGSM's step on the vote's margin in distance,
    /// `x' = x + eps sign(mean(m) - mean(s))`, where s are the k training examples of x's true class
    /// nearest to x and m the k nearest of the other classes; then clipped to [0, 1] unless `clip`
    /// is false.
    ///
    /// Our choice, stated because we could not read the paper on it: Papernot, McDaniel &
    /// Goodfellow 2016 craft adversarial samples on their kNN too (a source row of their
    /// cross-technique table), but the passage saying how was not reachable from here (only the
    /// abstract was). A vote has no gradient, so we take the gradient of what the vote compares,
    /// `J(x) = mean_j ||x - s_j||^2 - mean_j ||x - m_j||^2` with the neighbours held fixed,
    /// `grad J = 2 (mean(m) - mean(s))`, and FGSM's signed step on it: every pixel moves by eps
    /// away from its own class's nearest examples and toward the nearest of the others. It is one
    /// step with a per-pixel bound, like the FGSM examples the paper makes for DNN and LR, so the
    /// rows of the transfer table stay comparable. Rows whose class (or whose other classes) has
    /// no training example stay as they are.
    ///
    /// - Parameters:
    ///   - x: examples [n, knn.inputs]; `labels`: their n true classes.
    /// - Returns: the adversarial examples, [n, knn.inputs], in the same row order.
    public static func nearestNeighbours(
        _ knn: NearestNeighbours, _ x: Tensor, labels: [Int], eps: Float, clip: Bool = true
    ) throws -> Tensor {
        let op = "knn attack"
        try Batch.validate(op, knn, x, labels: labels)
        let (n, d) = (x.shape[0], x.shape[1])
        let (same, other) = try knn.nearestByClass(x, labels: labels, count: knn.k)
        var direction = [Float](repeating: 0, count: n * d)
        knn.examples.scalars.withUnsafeBufferPointer { train in
            var pull = [Double](repeating: 0, count: d)
            for r in 0..<n {
                let own = same[r * knn.k..<(r + 1) * knn.k].filter { $0 >= 0 }
                let rest = other[r * knn.k..<(r + 1) * knn.k].filter { $0 >= 0 }
                guard !own.isEmpty, !rest.isEmpty else { continue }
                for i in 0..<d { pull[i] = 0 }
                for t in rest { for i in 0..<d { pull[i] += Double(train[t * d + i]) / Double(rest.count) } }
                for t in own { for i in 0..<d { pull[i] -= Double(train[t * d + i]) / Double(own.count) } }
                for i in 0..<d { direction[r * d + i] = Float(pull[i]) }
            }
        }
        return try signStep(x, gradient: Tensor(shape: x.shape, scalars: direction), step: eps, clip: clip)
    }
}
