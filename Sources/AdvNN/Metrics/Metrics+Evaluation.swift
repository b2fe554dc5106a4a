import AdvTensor

/// Error and confidence of a classifier on a labelled set, the numbers Goodfellow et al. 2015 quote
/// ("99.9% error with an average confidence of 79.3%").
public struct Evaluation: Sendable, Equatable {
    /// The number of examples.
    public var count: Int
    /// The number of misclassified examples.
    public var mistakes: Int
    /// The mean probability of the predicted class over all examples (NaN for an empty set).
    public var meanConfidence: Float
    /// The mean probability of the predicted (wrong) class over the misclassified examples
    /// (NaN when there are none).
    public var meanConfidenceOnMistakes: Float

    /// The fraction misclassified, in [0, 1] (NaN for an empty set).
    public var error: Float { count > 0 ? Float(mistakes) / Float(count) : .nan }
    /// 1 - error.
    public var accuracy: Float { 1 - error }

    /// The evaluation of given predictions against true labels (the same count).
    public init(predictions: Predictions, labels: [Int]) throws {
        guard predictions.classes.count == labels.count else {
            throw AttackError(
                op: "evaluate", message: "\(predictions.classes.count) predictions but \(labels.count) labels")
        }
        count = labels.count
        var mistakes = 0
        var all: Double = 0
        var onMistakes: Double = 0
        for i in labels.indices {
            let confidence = Double(predictions.confidences[i])
            all += confidence
            if predictions.classes[i] != labels[i] {
                mistakes += 1
                onMistakes += confidence
            }
        }
        self.mistakes = mistakes
        meanConfidence = count > 0 ? Float(all / Double(count)) : .nan
        meanConfidenceOnMistakes = mistakes > 0 ? Float(onMistakes / Double(mistakes)) : .nan
    }
}

extension Metrics {
    /// Error and confidences of `model` on examples `x` ([n, model.inputs]) with true `labels`.
    public static func evaluate(
        _ model: any Classifier, _ x: Tensor, labels: [Int], chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Evaluation {
        try Batch.validate("evaluate", model, x, labels: labels)
        return try Evaluation(predictions: predictions(model, x, chunkSize: chunkSize), labels: labels)
    }
}
