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
    /// iterations, eq. 6's adversarial training term, adversarial validation), written once:
    /// `y = x + step * sign(gradient)`, clipped to [0, 1] when `clip`; sign(0) = 0. One fused pass
    /// into `y`, reused from call to call.
    static func signStep(_ x: Tensor, gradient: Tensor, step: Float, clip: Bool, into y: inout Tensor) throws {
        guard x.shape == gradient.shape else {
            throw TensorError(
                op: "fgsm",
                message: "x \(x.shape.shapeDescription) and gradient \(gradient.shape.shapeDescription) differ")
        }
        y.reshapeForOverwrite(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            gradient.scalars.withUnsafeBufferPointer { g in
                y.withUnsafeMutableScalars { y in
                    Parallel.elements(y.count) { range in
                        for i in range {
                            let sign: Float = g[i] > 0 ? 1 : (g[i] < 0 ? -1 : 0)
                            let moved = x[i] + step * sign
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
