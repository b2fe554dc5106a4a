import AdvTensor

/// How a model treats inputs that look like nothing (Goodfellow et al. 2015, appendix): draws of
/// N(0, I), far outside the pixel range, "misclassified" when some class gets p > threshold.
public struct RubbishReport: Sendable, Equatable {
    /// The number of draws.
    public var count: Int
    /// The draws given some class with probability above the threshold.
    public var confident: Int
    /// The mean of the top probability over the confident draws (NaN if none).
    public var meanConfidence: Float

    /// confident / count, the paper's "error rate" on rubbish (98.35% for maxout + softmax).
    public var fraction: Float { count > 0 ? Float(confident) / Float(count) : .nan }
}

extension Analysis {
    /// Classifies `count` seeded draws of N(0, I_inputs) and counts those given some class with
    /// p > `threshold` (the paper's .5), with their mean confidence. Throws "interrupted" when
    /// `shouldStop` (polled every chunk) says so.
    public static func rubbishInputs(
        _ model: any Classifier, count: Int, threshold: Float = 0.5, using generator: inout SeededGenerator,
        chunkSize: Int = Attacks.defaultChunkSize, shouldStop: () -> Bool = { false }
    ) throws -> RubbishReport {
        guard count >= 0, chunkSize > 0 else {
            throw AttackError(
                op: "rubbish inputs", message: "count \(count) and chunk size \(chunkSize) must be positive")
        }
        var report = RubbishReport(count: count, confident: 0, meanConfidence: .nan)
        var sum: Double = 0
        var start = 0
        while start < count {
            if shouldStop() { throw AttackError(op: "rubbish inputs", message: "interrupted") }
            let rows = min(chunkSize, count - start)
            let draws = Tensor.normal([rows, model.inputs], using: &generator)
            for confidence in try Metrics.predictions(model, draws, chunkSize: chunkSize).confidences
            where confidence > threshold {
                report.confident += 1
                sum += Double(confidence)
            }
            start += rows
        }
        if report.confident > 0 { report.meanConfidence = Float(sum / Double(report.confident)) }
        return report
    }
}
