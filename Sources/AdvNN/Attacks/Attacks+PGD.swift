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
            var current = chunk
            if randomStart { try self.randomStart(chunk, eps: eps, clip: clip, using: &generator, into: &current) }
            for _ in 0..<steps {
                if shouldStop() { throw AttackError(op: op, message: "interrupted") }
                let gradient = try Batch.inputGradient(op, model, current, labels: chunkLabels).gradient
                try signStep(&current, gradient: gradient, step: stepSize, clip: clip, within: (chunk, eps))
            }
            return current
        }
    }

    /// PGD's random start (Madry et al. 2017), written once for the attack and for PGD training:
    /// `y = x + U(-eps, eps)` per entry, drawn from `generator` in row-major order, projected onto
    /// the eps-ball around x and, when `clip`, [0, 1]. One pass into `y`, reused from call to call.
    static func randomStart(
        _ x: Tensor, eps: Float, clip: Bool, using generator: inout SeededGenerator, into y: inout Tensor
    ) throws {
        guard x.rank == 2, eps.isFinite, eps >= 0 else {
            throw AttackError(
                op: "pgd",
                message: "examples \(x.shape.shapeDescription) must be [n, d], eps \(eps) finite and not negative")
        }
        y.reshapeForOverwrite(x.shape)
        // NOTE: the draw is `low + width * u` with low -eps and width 2 eps, as `Tensor.uniform`'s.
        let width = 2 * eps
        x.scalars.withUnsafeBufferPointer { x in
            y.withUnsafeMutableScalars { y in
                for i in 0..<y.count {
                    let noise = -eps + width * generator.nextUnitFloat()
                    y[i] = project(x[i] + noise, center: x[i], eps: eps, clip: clip)
                }
            }
        }
    }
}
