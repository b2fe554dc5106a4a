import AdvData
import AdvTensor

extension Model {
    /// The fraction of `set` misclassified in evaluation mode, scored `batchSize` rows at a time.
    ///
    /// With `fgsmEps`, scores the FGSM examples `clip(x + eps sign(grad_x J), 0, 1)` instead (the
    /// adversarial validation error that early stopping can watch).
    public func errorRate(on set: ExampleSet, fgsmEps: Float? = nil, batchSize: Int = 1000) throws -> Float {
        guard set.count > 0 else { return 0 }
        var buffer = MinibatchBuffer(set)
        var errors = 0
        let order = Array(0..<set.count)
        for start in stride(from: 0, to: set.count, by: batchSize) {
            let (images, labels) = try buffer.batch(order[start..<Swift.min(start + batchSize, set.count)])
            var x = images
            if let eps = fgsmEps {
                let gradient = try lossAndInputGradient(images, labels: labels).gradient
                x = try (images + gradient.sign() * eps).clipped(min: 0, max: 1)
            }
            let predicted = try logits(x).argmaxRows()
            errors += zip(predicted, labels).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
        }
        return Float(errors) / Float(set.count)
    }
}
