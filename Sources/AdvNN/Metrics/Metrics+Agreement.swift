import AdvTensor

/// How often two models predict the same class (Goodfellow et al. 2015, section 8: "when both
/// models are wrong, how often do they agree on the class?").
public struct Agreement: Sendable, Equatable {
    /// The number of examples, and how many of them the two models give the same class.
    public var count: Int
    public var agreements: Int
    /// The examples the first model gets wrong, and how many of them the second gives the same class.
    public var firstWrong: Int
    public var agreementsWhenFirstWrong: Int
    /// The examples both models get wrong, and how many of them they give the same (wrong) class.
    public var bothWrong: Int
    public var agreementsWhenBothWrong: Int

    /// The fraction of all examples on which the two predict the same class (NaN if none).
    public var overall: Float { Self.fraction(agreements, count) }
    /// Among examples the first model gets wrong, the fraction where the second predicts the first's
    /// class (section 8: "the RBF network predicts maxout's class 16.0% of the time").
    public var whenFirstWrong: Float { Self.fraction(agreementsWhenFirstWrong, firstWrong) }
    /// Among examples both get wrong, the fraction where they predict the same class (NaN if none).
    public var whenBothWrong: Float { Self.fraction(agreementsWhenBothWrong, bothWrong) }

    /// The agreement of two lists of predicted classes on examples with true `labels` (same counts).
    public init(_ first: [Int], _ second: [Int], labels: [Int]) throws {
        guard first.count == labels.count, second.count == labels.count else {
            throw AttackError(
                op: "agreement",
                message: "\(first.count) and \(second.count) predictions for \(labels.count) labels")
        }
        count = labels.count
        (agreements, firstWrong, agreementsWhenFirstWrong, bothWrong, agreementsWhenBothWrong) = (0, 0, 0, 0, 0)
        for i in labels.indices {
            let same = first[i] == second[i]
            if same { agreements += 1 }
            guard first[i] != labels[i] else { continue }
            firstWrong += 1
            if same { agreementsWhenFirstWrong += 1 }
            if second[i] != labels[i] {
                bothWrong += 1
                if same { agreementsWhenBothWrong += 1 }
            }
        }
    }

    private static func fraction(_ part: Int, _ whole: Int) -> Float {
        whole > 0 ? Float(part) / Float(whole) : .nan
    }
}

extension Metrics {
    /// The agreement of two models' predictions on examples `x` ([n, inputs]) with true `labels`.
    public static func agreement(
        _ first: any Classifier, _ second: any Classifier, _ x: Tensor, labels: [Int],
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Agreement {
        try Batch.validate("agreement", first, x, labels: labels)
        try Batch.validate("agreement", second, x, labels: labels)
        return try Agreement(
            predictions(first, x, chunkSize: chunkSize).classes,
            predictions(second, x, chunkSize: chunkSize).classes, labels: labels)
    }
}
