import AdvTensor

extension Attacks {
    /// The fast gradient sign method (Goodfellow et al. 2015, section 4):
    /// x' = x + eps * sign(grad_x J(theta, x, y)), then clipped to [0, 1] unless `clip` is false.
    ///
    /// - Parameters:
    ///   - x: examples [n, model.inputs]; `labels`: their n true classes.
    /// - Returns: the adversarial examples, [n, model.inputs], in the same row order.
    public static func fgsm(
        _ model: any Classifier, _ x: Tensor, labels: [Int], eps: Float, clip: Bool = true,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Tensor {
        try gradientSignStep("fgsm", model, x, labels: labels, step: eps, clip: clip, chunkSize: chunkSize)
    }

    /// The targeted fast gradient sign method: x' = x - eps * sign(grad_x J(theta, x, target)), a
    /// step that lowers the loss of the target class, then clipped to [0, 1] unless `clip` is false.
    ///
    /// - Parameters:
    ///   - x: examples [n, model.inputs]; `targets`: the n classes to push them towards.
    public static func fgsm(
        _ model: any Classifier, _ x: Tensor, towards targets: [Int], eps: Float, clip: Bool = true,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Tensor {
        try gradientSignStep(
            "fgsm (targeted)", model, x, labels: targets, step: -eps, clip: clip, chunkSize: chunkSize)
    }

    /// x + step * sign(grad_x J(x, labels)) over chunks, optionally clipped to [0, 1].
    static func gradientSignStep(
        _ op: String, _ model: any Classifier, _ x: Tensor, labels: [Int], step: Float, clip: Bool,
        chunkSize: Int
    ) throws -> Tensor {
        try Batch.validate(op, model, x, labels: labels)
        return try Batch.mapChunks(op, x, labels: labels, chunkSize: chunkSize) { chunk, chunkLabels, _ in
            let gradient = try Batch.inputGradient(op, model, chunk, labels: chunkLabels).gradient
            var moved = Tensor.zeros([0])
            try signStep(chunk, gradient: gradient, step: step, clip: clip, into: &moved)
            return moved
        }
    }

    /// The step of FGSM (Goodfellow et al. 2015, eq. 3) and of everything built on it (PGD's
    /// iterations, eq. 6's adversarial training term, PGD training, adversarial validation), written
    /// once: `y = x + step * sign(gradient)`, with `ball` projected onto the L-inf ball of radius eps
    /// around its centre, then clipped to [0, 1] when `clip`; sign(0) = 0. One fused pass into `y`,
    /// reused from call to call.
    static func signStep(
        _ x: Tensor, gradient: Tensor, step: Float, clip: Bool, within ball: (center: Tensor, eps: Float)? = nil,
        into y: inout Tensor
    ) throws {
        try checkStep(x.shape, gradient: gradient, ball: ball)
        y.reshapeForOverwrite(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            y.withUnsafeMutableScalars { y in signStepPass(x, gradient: gradient, step: step, clip: clip, ball: ball, y)
            }
        }
    }

    /// `signStep` in place: x <- its step, with the same pass (PGD's iterations on one buffer).
    static func signStep(
        _ x: inout Tensor, gradient: Tensor, step: Float, clip: Bool, within ball: (center: Tensor, eps: Float)? = nil
    ) throws {
        try checkStep(x.shape, gradient: gradient, ball: ball)
        x.withUnsafeMutableScalars { y in
            signStepPass(UnsafeBufferPointer(y), gradient: gradient, step: step, clip: clip, ball: ball, y)
        }
    }

    /// `v` projected onto [center - eps, center + eps], then clipped to [0, 1] when `clip`: PGD's
    /// projection, the same as onto the ball's part inside [0, 1] for a centre in [0, 1].
    @inline(__always)
    static func project(_ v: Float, center: Float, eps: Float, clip: Bool) -> Float {
        let inBall = Swift.min(Swift.max(v, center - eps), center + eps)
        return clip ? Swift.min(Swift.max(inBall, 0), 1) : inBall
    }

    private static func checkStep(_ shape: [Int], gradient: Tensor, ball: (center: Tensor, eps: Float)?) throws {
        guard shape == gradient.shape, ball.map({ $0.center.shape == shape }) ?? true else {
            throw TensorError(
                op: "fgsm",
                message:
                    "x \(shape.shapeDescription), gradient \(gradient.shape.shapeDescription)"
                    + (ball.map { " and centre \($0.center.shape.shapeDescription)" } ?? "") + " differ")
        }
    }

    /// The one loop of `signStep`; `x` may be `y` itself, as each element is read before it is written.
    private static func signStepPass(
        _ x: UnsafeBufferPointer<Float>, gradient: Tensor, step: Float, clip: Bool,
        ball: (center: Tensor, eps: Float)?, _ y: UnsafeMutableBufferPointer<Float>
    ) {
        let center = ball?.center ?? gradient
        let eps = ball?.eps ?? 0
        let bounded = ball != nil
        gradient.scalars.withUnsafeBufferPointer { g in
            center.scalars.withUnsafeBufferPointer { c in
                Parallel.elements(y.count) { range in
                    for i in range {
                        let sign: Float = g[i] > 0 ? 1 : (g[i] < 0 ? -1 : 0)
                        let moved = x[i] + step * sign
                        if bounded {
                            y[i] = project(moved, center: c[i], eps: eps, clip: clip)
                        } else {
                            y[i] = clip ? Swift.min(Swift.max(moved, 0), 1) : moved
                        }
                    }
                }
            }
        }
    }

    /// `signStep` into a new tensor.
    static func signStep(_ x: Tensor, gradient: Tensor, step: Float, clip: Bool) throws -> Tensor {
        var y = Tensor.zeros([0])
        try signStep(x, gradient: gradient, step: step, clip: clip, into: &y)
        return y
    }
}
