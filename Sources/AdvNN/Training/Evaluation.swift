import AdvData
import AdvTensor

extension Model {
    /// The fraction of `set` misclassified in evaluation mode, scored `batchSize` rows at a time.
    ///
    /// With `fgsmEps`, scores the FGSM examples (`Attacks.fgsm`, clipped to [0, 1] when `clip`)
    /// instead (the adversarial validation error that early stopping can watch).
    public func errorRate(
        on set: ExampleSet, fgsmEps: Float? = nil, clip: Bool = true, batchSize: Int = 1000
    ) throws -> Float {
        try evaluate(on: set, fgsmEps: fgsmEps, clip: clip, batchSize: batchSize).error
    }

    /// The error (as `errorRate`) and the mean loss (no weight decay) of the scored examples.
    public func evaluate(
        on set: ExampleSet, fgsmEps: Float? = nil, clip: Bool = true, batchSize: Int = 1000
    ) throws -> (error: Float, loss: Float) {
        guard set.count > 0 else { return (0, 0) }
        var buffer = MinibatchBuffer(set)
        var errors = 0
        var lossTotal = 0.0
        let order = Array(0..<set.count)
        for start in stride(from: 0, to: set.count, by: batchSize) {
            let (images, labels) = try buffer.batch(order[start..<Swift.min(start + batchSize, set.count)])
            var x = images
            if let eps = fgsmEps {
                x = try Attacks.fgsm(self, images, labels: labels, eps: eps, clip: clip, chunkSize: batchSize)
            }
            let z = try outputs(x)
            errors += try zip(predictedClasses(outputs: z), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
            lossTotal += try exampleLosses(outputs: z, labels: labels).reduce(0.0) { $0 + Double($1) }
        }
        return (Float(errors) / Float(set.count), Float(lossTotal / Double(set.count)))
    }
}
