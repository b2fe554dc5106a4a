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
    ///
    /// A `Model` the tape-free `DenseNetwork` runs uses its evaluation network for all chunks, so
    /// the chunks (and later calls) reuse its activation and gradient buffers.
    static func gradientSignStep(
        _ op: String, _ model: any Classifier, _ x: Tensor, labels: [Int], step: Float, clip: Bool,
        chunkSize: Int
    ) throws -> Tensor {
        try Batch.validate(op, model, x, labels: labels)
        let dense = (model as? Model)?.evaluationNetwork
        return try Batch.mapChunks(op, x, labels: labels, chunkSize: chunkSize) { chunk, chunkLabels, _ in
            let gradient =
                try dense?.inputGradientOfSummedLoss(chunk, labels: chunkLabels)
                ?? Batch.inputGradient(op, model, chunk, labels: chunkLabels).gradient
            var moved = Tensor.zeros([0])
            try Tensor.gradientSignStep(chunk, gradient: gradient, step: step, clip: clip, into: &moved)
            return moved
        }
    }
}
