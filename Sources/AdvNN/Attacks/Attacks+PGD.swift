import AdvTensor

extension Attacks {
    /// Projected gradient descent on the loss (Madry et al. 2017), of which the basic iterative
    /// method (Kurakin et al. 2016) is the case without a random start.
    ///
    /// Starting from x (or, with `randomStart`, from x + U(-eps, eps) clipped), take `steps` steps
    ///     x' <- P(x' + stepSize * sign(grad_x J(theta, x', y))),
    /// where P projects onto the L-inf ball of radius eps around x and, unless `clip` is false, onto
    /// [0, 1]. Madry et al.'s MNIST setting: eps .3, 40 steps of .01, random start.
    ///
    /// - Parameters:
    ///   - x: examples [n, model.inputs]; `labels`: their n true classes.
    /// - Returns: [n, model.inputs], with |x' - x|_inf <= eps.
    /// - Throws: "pgd: interrupted" when `shouldStop` (polled every step) says so: a half-finished
    ///   attack is not an answer.
    public static func pgd(
        _ model: any Classifier, _ x: Tensor, labels: [Int], eps: Float, steps: Int, stepSize: Float,
        randomStart: Bool, clip: Bool = true, using generator: inout SeededGenerator,
        chunkSize: Int = Attacks.defaultChunkSize, shouldStop: () -> Bool = { false }
    ) throws -> Tensor {
        let op = "pgd"
        try Batch.validate(op, model, x, labels: labels)
        guard steps >= 0, eps.isFinite, eps >= 0, stepSize.isFinite, stepSize >= 0 else {
            throw AttackError(
                op: op,
                message: "steps \(steps), eps \(eps) and step size \(stepSize) must be finite and not negative")
        }
        return try Batch.mapChunks(op, x, labels: labels, chunkSize: chunkSize) { chunk, chunkLabels, _ in
            var low = chunk - eps
            var high = chunk + eps
            if clip {
                low = low.clipped(min: 0, max: 1)
                high = high.clipped(min: 0, max: 1)
            }
            var current = chunk
            if randomStart {
                current = try uniformNoise(chunk, eps: eps, clip: false, using: &generator)
                current = try Tensor.minimum(Tensor.maximum(current, low), high)
            }
            for _ in 0..<steps {
                if shouldStop() { throw AttackError(op: op, message: "interrupted") }
                let gradient = try Batch.inputGradient(op, model, current, labels: chunkLabels).gradient
                current = try signStep(current, gradient: gradient, step: stepSize, clip: false)
                current = try Tensor.minimum(Tensor.maximum(current, low), high)
            }
            return current
        }
    }
}
