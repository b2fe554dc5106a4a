import AdvTensor

/// How well a classifier does on a set, and how far perturbed examples moved (Goodfellow et al.
/// 2015 report error and mean confidence; Szegedy et al. 2014 report error and distortion).
/// Every metric runs the model in evaluation mode, in chunks of rows.
public enum Metrics {}

/// A classifier's predictions on a set of examples.
public struct Predictions: Sendable, Equatable {
    /// The most probable class of each example, [n].
    public var classes: [Int]
    /// The probability the model gives its predicted class ("confidence"), [n].
    public var confidences: [Float]
}

extension Metrics {
    /// The predicted class and its probability for every row of `x` ([n, model.inputs]).
    /// Ties go to the lowest class index.
    public static func predictions(
        _ model: any Classifier, _ x: Tensor, chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Predictions {
        let op = "predict"
        try Batch.validate(op, model, x, labels: nil)
        guard chunkSize > 0 else { throw AttackError(op: op, message: "chunk size \(chunkSize) must be positive") }
        let n = x.shape[0]
        let k = model.classes
        var result = Predictions(classes: [], confidences: [])
        result.classes.reserveCapacity(n)
        result.confidences.reserveCapacity(n)
        try Batch.forEachProbabilityChunk(op, model, x, chunkSize: chunkSize) { rows, p in
            p.scalars.withUnsafeBufferPointer { probabilities in
                for row in 0..<rows.count {
                    var best = 0
                    var bestP = probabilities[row * k]
                    for c in 1..<max(k, 1) where probabilities[row * k + c] > bestP {
                        best = c
                        bestP = probabilities[row * k + c]
                    }
                    result.classes.append(best)
                    result.confidences.append(bestP)
                }
            }
        }
        return result
    }
}
